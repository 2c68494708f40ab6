/**
 * What queue tests compare: each recorded key's verdict (status, dollars, chosen proposal),
 * from a run planned the same way locally and through workers.
 */
import { execa } from 'execa';
import { expect } from 'vitest';
import { openRunStore } from '../../src/store/run-store.ts';
import { BIN } from './cli-process.ts';

/** key → status, earned and selected proposal; fails on a key with two rows. */
export function verdictsByKey(runDir: string): Map<string, string> {
  const store = openRunStore(runDir, { readonly: true });
  const results = store.results();
  store.close();
  const byKey = new Map<string, string>();
  for (const r of results) {
    expect(byKey.has(r.key), `two rows for ${r.key}`).toBe(false);
    const details = r.details as { selectedProposalId?: unknown } | null;
    byKey.set(r.key, `${r.status} ${r.earnedUsd} ${JSON.stringify(details?.selectedProposalId)}`);
  }
  return byKey;
}

/** Runs `plan` in one local process into `<cwd>/local`: the verdicts a queue run must match. */
export async function localVerdicts(
  cwd: string,
  plan: readonly string[],
  attempts: number,
): Promise<Map<string, string>> {
  const local = await execa(process.execPath, [BIN, ...plan, '--run-dir', 'local', '--json'], {
    cwd,
  });
  expect(JSON.parse(local.stdout).recorded).toBe(attempts);
  return verdictsByKey(`${cwd}/local`);
}
