/**
 * CLI agents on manager tasks without a codebase (the official CSV's): the `command` agent
 * gets an empty repository in a sandbox without network, holding the issue and prompt files,
 * and answers through `manager_decisions.json`. The right id earns the price; a wrong id and
 * an answer that is not JSON earn $0 as failed attempts (not agent errors). Real CLI, real
 * local sandboxes, two tasks of the official lite CSV.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../src/store/run-store.ts';
import { LITE_CSV } from './support/official-data.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'swelancer.js');
const NODE = join(import.meta.dirname, '..', 'node_modules', '.bin', 'node');
const present = existsSync(LITE_CSV);
if (!present) console.warn(`run-manager-command: skipped, no official lite CSV at ${LITE_CSV}`);

/** Two lite manager tasks ($4,000 and $2,000) and the proposal the real manager chose. */
const CORRECT: Record<string, number> = { '15193-manager-0': 4, '14268-manager-0': 1 };

// Checks what it was given (issue and prompt files, an empty one-commit repository, no
// network) and fails loudly otherwise, then writes the right answer.
const RIGHT = [
  'set -e',
  'test -s "$SWELANCER_ISSUE_FILE"',
  'grep -q manager_decisions.json "$SWELANCER_PROMPT_FILE"',
  'test "$(git rev-list --count HEAD)" = 1',
  'test -z "$(git ls-files)"',
  '! (exec 3<>/dev/tcp/1.1.1.1/80) 2>/dev/null',
  `case "$SWELANCER_TASK_ID" in ${Object.entries(CORRECT)
    .map(([id, answer]) => `${id}) id=${answer};;`)
    .join(' ')} esac`,
  `printf '{"selected_proposal_id": %s}' "$id" > manager_decisions.json`,
].join('\n');
const WRONG = `echo '{"selected_proposal_id": 0}' > manager_decisions.json`;
const INVALID = `echo '{"selected_proposal_id": ' > manager_decisions.json`;

const cwd = mkdtempSync(join(tmpdir(), 'swl-mgr-cmd-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe.skipIf(!present)('command agents on manager tasks without a codebase', () => {
  it('answer through manager_decisions.json in an empty workspace', {
    timeout: 180_000,
  }, async () => {
    const runDir = join(cwd, 'run');
    const run = await execa(
      NODE,
      [
        BIN,
        'run',
        LITE_CSV,
        ...Object.keys(CORRECT).flatMap((id) => ['--id', id]),
        '--agent',
        `command:${RIGHT}`,
        '--agent',
        `command:${WRONG}`,
        '--agent',
        `command:${INVALID}`,
        '--run-dir',
        runDir,
        '--json',
      ],
      { cwd, reject: false, env: { SWELANCER_CACHE_DIR: join(cwd, 'cache') } },
    );
    expect(run.exitCode, String(run.stderr)).toBe(0);
    const summary = JSON.parse(String(run.stdout)) as {
      agents: { agent: string; passed: number; finished: number; earnedUsd: number }[];
    };
    const by = new Map(summary.agents.map((a) => [a.agent, a]));
    expect(by.get(`command:${RIGHT}`)).toMatchObject({ finished: 2, passed: 2, earnedUsd: 6000 });
    expect(by.get(`command:${WRONG}`)).toMatchObject({ finished: 2, passed: 0, earnedUsd: 0 });
    expect(by.get(`command:${INVALID}`)).toMatchObject({ finished: 2, passed: 0, earnedUsd: 0 });

    const store = openRunStore(runDir, { readonly: true });
    const results = store.results();
    store.close();
    for (const result of results) {
      if (result.agentLabel === `command:${RIGHT}`) continue;
      expect(result.status, result.explanation).toBe('failed');
      if (result.agentLabel === `command:${INVALID}`) {
        expect(result.explanation).toMatch(/no valid answer.*manager_decisions\.json is not JSON/);
      } else {
        expect(result.explanation).toMatch(/picked proposal 0; the manager chose [14]/);
      }
    }
  });
});
