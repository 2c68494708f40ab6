/**
 * A manager run as a model that always picks the first proposal shown would leave it: each
 * attempt records how proposals were shown and which was picked, as the manager grader does.
 * One task hits the step limit on every attempt, so a filter on `limit` has a known answer.
 * Report tests and bench/report-index.ts write it through the real run store.
 */
import type { MetricsInput } from '../../src/metrics/types.ts';
import type { AttemptResult, TaskRecord } from '../../src/store/types.ts';
import { CATEGORIES, type Category, NATURES } from '../../src/task/types.ts';
import { sha256 } from '../../src/util/hash.ts';
import { createPrng } from '../../src/util/prng.ts';
import { attempt, planOf, task } from '../report-helpers.ts';

export const LIMIT_EXPLANATION = 'the agent hit a limit: max steps (30)';

/** `count` manager tasks with prices from $250 to $32,000 and the paper's categories. */
export function managerTasks(count: number): TaskRecord[] {
  const prices = [250, 500, 1000, 2000, 4000, 8000, 16_000, 32_000];
  return Array.from({ length: count }, (_, i) =>
    task(`${1000 + i}-manager-0`, prices[i % prices.length] as number, {
      kind: 'swe_manager',
      title: `Choose the proposal for issue ${1000 + i}: ${i % 3 === 0 ? 'Chat' : 'Expense'} view shows the wrong total`,
      categories: [CATEGORIES[i % CATEGORIES.length] as Category],
      nature: NATURES[i % NATURES.length],
      tags: ['manager'],
    }),
  );
}

/**
 * `attempts` attempts of `agent` at every task: it picks the proposal shown first, which is
 * the correct one on about a quarter of them; `limitTask` (default: the last task) hits
 * the step limit every time.
 */
export function firstPickRun(
  tasks: readonly TaskRecord[],
  agent: string,
  attempts: number,
  limitTask: string | undefined = tasks.at(-1)?.id,
  seed = 7,
): MetricsInput {
  const random = createPrng(seed);
  const results: AttemptResult[] = [];
  for (const t of tasks) {
    const shown = 2 + Math.floor(random() * 4);
    const correct = Math.floor(random() * shown);
    for (let k = 0; k < attempts; k++) {
      // Shown in a fresh order each attempt, as with --shuffle-proposals.
      const order = Array.from({ length: shown }, (_, i) => i).sort(() => random() - 0.5);
      const picked = order[0] as number;
      const limited = t.id === limitTask;
      const passed = !limited && picked === correct;
      results.push(
        attempt(t, agent, k, limited ? 'limit' : passed ? 'passed' : 'failed', {
          key: sha256(`${agent}\u0000${t.id}\u0000${k}`),
          explanation: limited
            ? LIMIT_EXPLANATION
            : passed
              ? `picked proposal ${picked}, the one the manager chose`
              : `picked proposal ${picked}; the manager chose ${correct}`,
          model: 'fake',
          costUsd: 0.0004 + random() * 0.0002,
          usage: { inputTokens: 6000, outputTokens: 40, cachedInputTokens: 0, reasoningTokens: 0 },
          details: limited
            ? null
            : {
                presentedOrder: order,
                shuffled: true,
                selectedPresentedId: picked,
                selectedProposalId: picked,
                correctProposalId: correct,
              },
        }),
      );
    }
  }
  return { tasks: [...tasks], plans: results.map(planOf), results };
}
