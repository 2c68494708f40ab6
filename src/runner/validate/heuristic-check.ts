/**
 * Whether a suite's manager tasks can be won without judgment: every heuristic baseline
 * (`longest`, `first`, `last`, `most-code`) picks from the proposals as presented, in the
 * suite's order and shuffled, and what it wins is compared with what chance wins (each task
 * with probability 1 / its proposals). So are the position of the correct proposal and its
 * rank by length. A figure
 * that chance reaches with probability `alpha` or less makes the suite BIASED.
 * See docs/suite-validation.md for the statistics.
 */
import { HEURISTIC_NAMES, HEURISTICS, type HeuristicName } from '../../agent/heuristics.ts';
import { type ChanceTail, chanceTail } from '../../metrics/chance-tail.ts';
import { presentProposals } from '../../task/presentation.ts';
import type { ManagerTask, Proposal } from '../../task/types.ts';
import { seedFrom } from '../../util/prng.ts';

/**
 * One-sided significance of each figure (tasks won, dollars won). Some thirty figures are
 * tested, many repeating each other (shuffling leaves `longest` as it is, `first` is
 * position 1, `longest` is length rank 1): on answer keys drawn at random, 3.8% of suites
 * shaped like expensely's 40 manager tasks and 6.5% shaped like the official lite CSV's 113
 * had some figure flagged (bench/heuristic-false-alarms.ts).
 */
export const BIAS_ALPHA = 0.002;

/** A task a figure counts, to show what drives it. */
export interface WonTask {
  id: string;
  price: number;
}

/** Tasks and dollars won by one way of picking, against chance. */
export interface BiasFigure {
  /** Tasks it could win (for positions: tasks with that many proposals). */
  tasks: number;
  tasksWon: number;
  usdWon: number;
  /** What chance wins on the same tasks, on average. */
  expectedTasks: number;
  expectedUsd: number;
  /** The most chance wins with probability above `alpha`; more is BIASED. */
  tasksLimit: number;
  usdLimit: number;
  /** P(chance wins at least as many tasks / dollars). */
  tasksPValue: number;
  usdPValue: number;
  biased: boolean;
  /** The tasks won, most expensive first. */
  won: WonTask[];
}

export interface HeuristicFigure extends BiasFigure {
  heuristic: HeuristicName;
  /** Proposals in a seeded random order, as `swelancer run --shuffle-proposals` shows them. */
  shuffled: boolean;
}

export interface PositionFigure extends BiasFigure {
  /**
   * 1-based position of the correct proposal: in the suite's order (`positions`), or among
   * the task's proposals from the longest down (`lengthRanks`; 1 is the longest).
   */
  position: number;
}

export interface HeuristicCheck {
  alpha: number;
  /** Manager tasks checked, and their dollars. */
  tasks: number;
  totalUsd: number;
  heuristics: HeuristicFigure[];
  positions: PositionFigure[];
  /**
   * Where the correct proposal ranks by length. The `longest` baseline is rank 1; the other
   * ranks catch the opposite bias (the right proposal always second longest, the longest
   * always a decoy), which a model can learn as well.
   */
  lengthRanks: PositionFigure[];
  /** Some figure is beyond what chance reaches (at `alpha`). */
  biased: boolean;
}

export function checkHeuristics(
  tasks: readonly ManagerTask[],
  alpha: number = BIAS_ALPHA,
): HeuristicCheck {
  const chance = chanceOf(tasks);
  const heuristics = HEURISTIC_NAMES.flatMap((heuristic) =>
    [false, true].map(
      (shuffled): HeuristicFigure => ({
        heuristic,
        shuffled,
        ...figure(
          chance,
          tasks.filter((task) => wins(task, heuristic, shuffled)),
          alpha,
        ),
      }),
    ),
  );
  const positions = rankFigures(tasks, (task) => task.proposals, alpha);
  const lengthRanks = rankFigures(tasks, longestFirst, alpha);
  return {
    alpha,
    tasks: tasks.length,
    totalUsd: tasks.reduce((sum, task) => sum + task.price, 0),
    heuristics,
    positions,
    lengthRanks,
    biased: [...heuristics, ...positions, ...lengthRanks].some((f) => f.biased),
  };
}

/** For each place k of `order`, the tasks whose correct proposal is k-th, against chance. */
function rankFigures(
  tasks: readonly ManagerTask[],
  order: (task: ManagerTask) => readonly Proposal[],
  alpha: number,
): PositionFigure[] {
  const most = Math.max(0, ...tasks.map((task) => task.proposals.length));
  return Array.from({ length: most }, (_, index): PositionFigure => {
    const eligible = tasks.filter((task) => task.proposals.length > index);
    const correct = eligible.filter((task) => order(task)[index]?.id === task.correctProposalId);
    return { position: index + 1, ...figure(chanceOf(eligible), correct, alpha) };
  });
}

/** Proposals from the longest down; equal lengths keep the suite's order (as `longest`). */
function longestFirst(task: ManagerTask): Proposal[] {
  return [...task.proposals].sort((a, b) => b.text.trim().length - a.text.trim().length);
}

/** Whether `heuristic`'s pick among the proposals as presented is the correct one. */
function wins(task: ManagerTask, heuristic: HeuristicName, shuffle: boolean): boolean {
  const presentation = presentProposals(task, {
    shuffle,
    seed: seedFrom('proposal-order', 'heuristic-check', task.id),
  });
  const index = HEURISTICS[heuristic](presentation.proposals);
  return index !== undefined && presentation.originalIds[index] === task.correctProposalId;
}

/** What chance wins on `tasks`, and how many there are. */
function chanceOf(tasks: readonly ManagerTask[]): { tasks: number; tail: ChanceTail } {
  const tail = chanceTail(tasks.map((t) => ({ price: t.price, proposals: t.proposals.length })));
  return { tasks: tasks.length, tail };
}

function figure(
  { tasks, tail: chance }: { tasks: number; tail: ChanceTail },
  won: readonly ManagerTask[],
  alpha: number,
): BiasFigure {
  const usdWon = won.reduce((sum, task) => sum + task.price, 0);
  const tasksPValue = chance.tasksPValue(won.length);
  const usdPValue = chance.usdPValue(usdWon);
  return {
    tasks,
    tasksWon: won.length,
    usdWon,
    expectedTasks: chance.expectedTasks,
    expectedUsd: chance.expectedUsd,
    tasksLimit: chance.tasksLimit(alpha),
    usdLimit: chance.usdLimit(alpha),
    tasksPValue,
    usdPValue,
    biased: won.length > 0 && (tasksPValue <= alpha || usdPValue <= alpha),
    won: [...won]
      .sort((a, b) => b.price - a.price || a.id.localeCompare(b.id))
      .map((task) => ({ id: task.id, price: task.price })),
  };
}
