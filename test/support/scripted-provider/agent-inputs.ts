/** Small, real inputs for driving the LLM agent directly in tests. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArtifactSink, ManagerAgentInput } from '../../../src/agent/types.ts';
import type { ManagerTask } from '../../../src/task/types.ts';
import { silentLogger } from '../../../src/util/logger.ts';

/** Writes artifacts as files under `dir`, like the run store does. */
export function folderSink(dir: string): ArtifactSink & { files: Map<string, string> } {
  const files = new Map<string, string>();
  return {
    files,
    async write(name, data) {
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, name);
      await writeFile(file, data);
      files.set(name, typeof data === 'string' ? data : new TextDecoder().decode(data));
      return path.relative(path.dirname(dir), file);
    },
  };
}

export function managerTask(overrides: Partial<ManagerTask> = {}): ManagerTask {
  return {
    id: 'export-csv-manager',
    kind: 'swe_manager',
    title: 'CSV export drops the last row',
    issue: 'Exporting the expense list to CSV loses the last expense.',
    price: 1000,
    categories: ['application_logic'],
    nature: 'bug_fix',
    tags: [],
    source: { type: 'native', suite: 'test', suiteVersion: '1', dir: '/nonexistent' },
    contentHash: 'hash-export-csv',
    proposals: [
      { id: 0, text: 'Add a trailing newline to the file.', author: 'a', patch: undefined },
      { id: 1, text: 'Fix the off-by-one in the loop bound.', author: 'b', patch: undefined },
      { id: 2, text: 'Rewrite the export with a new library.', author: 'c', patch: undefined },
    ],
    correctProposalId: 1,
    rationale: undefined,
    codebase: undefined,
    breakPatch: undefined,
    ...overrides,
  };
}

export function managerInput(
  artifacts: ArtifactSink,
  overrides: Partial<ManagerAgentInput> = {},
): ManagerAgentInput {
  const task = managerTask();
  return {
    kind: 'swe_manager',
    task,
    proposals: task.proposals.map((p) => ({ id: p.id, text: p.text })),
    prompt: `${task.issue}\n\nProposal: 0: ...\nProposal: 1: ...\nProposal: 2: ...`,
    workspace: undefined,
    attemptKey: 'key-manager-1',
    attemptIndex: 0,
    seed: 1,
    signal: new AbortController().signal,
    logger: silentLogger,
    artifacts,
    ...overrides,
  };
}
