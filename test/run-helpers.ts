/** Small in-memory suites for runner tests (the same shapes the loaders produce). */
import type { IcTask, ManagerTask, Suite, Task } from '../src/task/types.ts';
import { hashValue } from '../src/util/hash.ts';

export function managerTask(
  id: string,
  price: number,
  proposals: number,
  correct: number,
  tags: string[] = [],
): ManagerTask {
  const base = {
    id,
    kind: 'swe_manager' as const,
    title: `Issue ${id}`,
    issue: `Something is wrong in ${id}.`,
    price,
    categories: ['application_logic' as const],
    nature: 'bug_fix' as const,
    tags,
    source: { type: 'swelancer-csv' as const, file: '/mem.csv', row: 1 },
    proposals: Array.from({ length: proposals }, (_, i) => ({
      id: i,
      text: `Proposal ${i} for ${id}`,
      author: undefined,
      patch: undefined,
    })),
    correctProposalId: correct,
    rationale: undefined,
    codebase: undefined,
    breakPatch: undefined,
  };
  return { ...base, contentHash: hashValue(base) };
}

export function unrunnableIcTask(id: string, price: number): IcTask {
  const base = {
    id,
    kind: 'ic_swe' as const,
    title: `Bug ${id}`,
    issue: 'Broken.',
    price,
    categories: [],
    nature: undefined,
    tags: [],
    source: { type: 'swelancer-csv' as const, file: '/mem.csv', row: 2 },
    ic: { runnable: false as const, reason: 'needs the official SWE-Lancer image' },
  };
  return { ...base, contentHash: hashValue(base) };
}

export function memorySuite(tasks: Task[], name = 'mem'): Suite {
  return { name, version: '1', description: 'in memory', origin: `/mem/${name}`, tasks };
}
