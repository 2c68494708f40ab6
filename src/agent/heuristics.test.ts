import { describe, expect, it } from 'vitest';
import { managerTask } from '../../test/run-helpers.ts';
import { silentLogger } from '../util/logger.ts';
import { codeMarks, HEURISTIC_NAMES } from './heuristics.ts';
import { createAgent } from './registry.ts';
import type { ManagerAgentInput, PresentedProposal } from './types.ts';

const PROPOSALS: PresentedProposal[] = [
  { id: 7, text: 'Trim the title.' },
  { id: 3, text: 'Trim the title in `saveNote` (src/notes.ts) and in `renameNote`.' },
  { id: 9, text: 'A long answer that quotes no code at all but goes on and on about the issue.' },
  { id: 4, text: 'Hide it with CSS.' },
];

function input(correctProposalId: number): ManagerAgentInput {
  return {
    kind: 'swe_manager',
    task: { ...managerTask('m', 1000, 4, 0), correctProposalId },
    proposals: PROPOSALS,
    prompt: '',
    workspace: undefined,
    attemptKey: 'k',
    attemptIndex: 0,
    seed: 1,
    signal: new AbortController().signal,
    logger: silentLogger,
    artifacts: { write: async (name) => name },
  };
}

async function pick(name: string, correct = 0) {
  return (await (await createAgent(name)).run(input(correct))).selectedProposalId;
}

describe('heuristic baselines', () => {
  it('pick by surface alone, answering with the presented id', async () => {
    expect(await pick('longest')).toBe(9);
    expect(await pick('first')).toBe(7);
    expect(await pick('last')).toBe(4);
    expect(await pick('most-code')).toBe(3);
  });

  it('never look at the answer key', async () => {
    for (const name of HEURISTIC_NAMES) {
      expect(await pick(name, 0)).toBe(await pick(name, 3));
    }
  });

  it('are built-in manager agents that need no workspace', async () => {
    for (const name of HEURISTIC_NAMES) {
      const agent = await createAgent(name);
      expect(agent).toMatchObject({ label: name, needsWorkspace: false, kinds: ['swe_manager'] });
      expect(agent.config).toEqual({ agent: name });
    }
  });

  it('count code as spans, fenced lines and file paths', () => {
    expect(codeMarks('Hi! I would trim it.')).toBe(0);
    expect(codeMarks('Change `a` in server/services/x.ts and App.tsx.')).toBe(3);
    expect(codeMarks('Like this:\n```ts\nconst a = 1;\nconst b = 2;\n```\nDone.')).toBe(2);
  });
});
