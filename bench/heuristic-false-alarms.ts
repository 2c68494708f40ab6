/**
 * How often the heuristic check of `suite validate` calls a suite BIASED when nothing in it
 * is: the suite's manager tasks (their prices and numbers of proposals) are kept, and in each
 * trial every task gets an answer key drawn uniformly and proposals whose length and code
 * count are drawn at random, independently of the answer. The share of trials with some
 * BIASED figure is the check's suite-wide false-alarm rate at the given significance.
 *
 *   node bench/heuristic-false-alarms.ts [suite] [--alpha 0.002] [--trials 3000]
 */
import path from 'node:path';
import { BIAS_ALPHA, checkHeuristics } from '../src/runner/validate/heuristic-check.ts';
import { loadSuite } from '../src/task/load.ts';
import type { ManagerTask } from '../src/task/types.ts';
import { createPrng, pickIndex } from '../src/util/prng.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const alpha = flag('--alpha', BIAS_ALPHA);
const trials = flag('--trials', 3000);
const source =
  args.find((arg, i) => !arg.startsWith('--') && !args[i - 1]?.startsWith('--')) ??
  path.join(import.meta.dirname, '..', 'suites', 'expensely');

const suite = await loadSuite(source);
const tasks = suite.tasks.filter((t): t is ManagerTask => t.kind === 'swe_manager');
const random = createPrng(12345);
const flagged = new Map<string, number>();
let biased = 0;
for (let trial = 0; trial < trials; trial++) {
  const drawn = tasks.map((task) => ({
    ...task,
    proposals: task.proposals.map((proposal) => ({
      ...proposal,
      text: 'x'.repeat(100 + pickIndex(random, 1000)) + ' `code`'.repeat(pickIndex(random, 20)),
    })),
    correctProposalId: task.proposals[pickIndex(random, task.proposals.length)]?.id ?? 0,
  }));
  const check = checkHeuristics(drawn, alpha);
  if (!check.biased) continue;
  biased += 1;
  const names = [
    ...check.heuristics
      .filter((f) => f.biased)
      .map((f) => `${f.heuristic}${f.shuffled ? ' (shuffled)' : ''}`),
    ...check.positions.filter((f) => f.biased).map((f) => `position ${f.position}`),
    ...check.lengthRanks.filter((f) => f.biased).map((f) => `length rank ${f.position}`),
  ];
  for (const name of names) flagged.set(name, (flagged.get(name) ?? 0) + 1);
}
console.log(
  `${suite.name}: ${tasks.length} manager tasks, alpha ${alpha}, ${trials} trials: ` +
    `${((biased / trials) * 100).toFixed(1)}% of suites without bias flagged BIASED`,
);
for (const [name, count] of [...flagged].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${name.padEnd(22)} ${((count / trials) * 100).toFixed(2)}%`);
}
