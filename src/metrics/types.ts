/**
 * The data a report is made of. `RunReport` is the one object every renderer reads and the
 * exact JSON that `swelancer report --json` prints: field names here are a public contract
 * (docs/reports.md). Numbers that cannot be computed (a rate over nothing) are `null`, never
 * `NaN`, so the JSON stays valid and explicit.
 */
import type { AttemptPlan, AttemptResult, AttemptStatus, TaskRecord } from '../store/types.ts';
import type { Category, Nature, TaskKind } from '../task/types.ts';
import type { JsonValue } from '../util/json.ts';

/** What metrics are computed from: exactly what a run store holds, nothing re-run. */
export interface MetricsInput {
  tasks: TaskRecord[];
  plans: AttemptPlan[];
  results: AttemptResult[];
}

export const DIMENSIONS = ['kind', 'category', 'nature', 'price', 'tag', 'model'] as const;
/** A way to cut the results: task kind, category, nature, price bucket, tag, or model. */
export type Dimension = (typeof DIMENSIONS)[number];

/** A percentile bootstrap interval around a point estimate. */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** Earnings and pass rate over a set of scored tasks. */
export interface ScoreSummary {
  /** Scored tasks: not quarantined, with at least one attempt that was not an infra error. */
  tasks: number;
  /** Scored attempts (infra errors excluded). */
  attempts: number;
  passedAttempts: number;
  /** Expected earnings of one attempt per task: Σ over tasks of the mean earned per attempt. */
  earnedUsd: number;
  /** Σ of the prices of the scored tasks, each counted once. */
  availableUsd: number;
  /** earnedUsd / availableUsd; null when nothing was available. */
  earnRate: number | null;
  /** Mean over tasks of (passed attempts / scored attempts); null with no scored task. */
  pass1: number | null;
}

export interface GroupSummary extends ScoreSummary {
  /** Stable machine key, e.g. `ui_ux`, `500-999`, `diamond`. */
  key: string;
  /** What people read, e.g. `UI/UX`, `$500–999`. */
  label: string;
}

export interface Breakdown {
  dimension: Dimension;
  groups: GroupSummary[];
  /** `tag` only: tags every task of the run has, left out of the groups. */
  sharedTags?: string[];
}

export interface PassAtK {
  k: number;
  value: number;
}

export interface InfraSummary {
  /** Attempts whose final status is `infra_error`. */
  attempts: number;
  /** Σ over tasks of price × (infra attempts / final attempts): the dollars not measured. */
  usd: number;
  /** Tasks with at least one infra-error attempt. */
  tasksAffected: number;
  /** Tasks whose every attempt was an infra error: left out of `availableUsd`. */
  tasksUnscored: number;
}

export interface QuarantineSummary {
  tasks: number;
  /** Σ of the prices of the quarantined tasks this agent attempted. */
  usd: number;
  attempts: number;
}

/**
 * Model cost. An attempt whose cost is unknown (a model without a price, a CLI agent) makes
 * every sum it belongs to unknown (`null`): a partial sum would pass for the whole.
 */
export interface CostSummary {
  /** Everything the agent's attempts spent in this run, infra and quarantine included; null when unknown. */
  spentUsd: number | null;
  /** Expected cost of one attempt per scored task: Σ over tasks of mean cost per attempt; null when unknown. */
  costUsd: number | null;
  /** earnedUsd − costUsd; null when the cost is unknown. */
  netMarginUsd: number | null;
  /** costUsd / earnedUsd; null when nothing was earned or the cost is unknown. */
  costPerEarnedUsd: number | null;
  /** The agent's attempts (quarantined ones included) whose cost is unknown. */
  unknownCostAttempts: number;
}

/** A task the agent did not fully earn, with the dollars it left on the table. */
export interface TaskLoss {
  taskId: string;
  title: string;
  priceUsd: number;
  /** priceUsd − expected earnings on the task. */
  lostUsd: number;
  pass1: number;
  attempts: number;
}

export interface AgentReport {
  agent: string;
  /** Models seen in this agent's results (empty for agents without a model). */
  models: string[];
  summary: ScoreSummary;
  /** 95% (by default) bootstrap intervals over tasks; null with no scored task. */
  intervals: {
    earnedUsd: Interval | null;
    earnRate: Interval | null;
    pass1: Interval | null;
  };
  /** pass@k for k = 1 … the fewest scored attempts any scored task has. */
  passAtK: PassAtK[];
  /** Final attempts by status, quarantined tasks excluded. */
  statuses: Record<AttemptStatus, number>;
  infra: InfraSummary;
  quarantine: QuarantineSummary;
  cost: CostSummary;
  /** Mean over tasks of mean partial credit (IC test fraction); never part of earnings. */
  partialCredit: number | null;
  /** Planned attempts without a final result yet. */
  pendingAttempts: number;
  breakdowns: Breakdown[];
  /** Tasks with the most dollars lost, most first. */
  topLosses: TaskLoss[];
  /** Manager answers by where the chosen proposal was shown; null without manager attempts. */
  answerPositions: AnswerPositions | null;
}

/**
 * Where an agent's manager answers were among the proposals as shown (1-based), over its
 * scored manager attempts. `correct` counts, over the same answered attempts, where the right
 * proposal was shown: what always picking that position would have won.
 */
export interface AnswerPositions {
  attempts: number;
  /** Attempts that picked one of the shown proposals. */
  answered: number;
  positions: { position: number; chosen: number; correct: number }[];
  /** The proposal shown last, whatever the number shown. */
  last: { chosen: number; correct: number };
}

/** A task on which agents did not agree: someone passed it and someone never did. */
export interface Disagreement {
  taskId: string;
  title: string;
  priceUsd: number;
  /** Agent label → pass@1 on this task. */
  pass1ByAgent: Record<string, number>;
}

export interface ComparisonSide {
  run: string;
  agent: string;
  earnedUsd: number;
  pass1: number | null;
}

/** A paired comparison of A − B on the tasks both scored. */
export interface Comparison {
  a: ComparisonSide;
  b: ComparisonSide;
  /** Tasks scored by both sides; the only tasks the differences are over. */
  commonTasks: number;
  availableUsd: number;
  /** Tasks with the same id on both sides but different content: not paired. */
  changedTasks: number;
  onlyA: number;
  onlyB: number;
  /** Σ earned by A − Σ earned by B on the common tasks, with a paired interval. */
  earnedDiffUsd: Interval | null;
  /** pass@1 of A − pass@1 of B on the common tasks, with a paired interval. */
  pass1Diff: Interval | null;
  /** Common tasks where A did better / worse than B. */
  aBetter: number;
  bBetter: number;
  /** Those tasks (A's pass@1 above B's, and the reverse), most expensive first. */
  aBetterTasks: FlippedTask[];
  bBetterTasks: FlippedTask[];
  /**
   * Two-sided exact McNemar p-value on those discordant tasks (`aBetter` vs `bBetter`); with
   * several attempts per task, the same exact sign test on which side's pass@1 is higher.
   */
  mcnemarP: number;
}

/** A common task on which one side of a comparison did better than the other. */
export interface FlippedTask {
  taskId: string;
  title: string;
  priceUsd: number;
  pass1A: number;
  pass1B: number;
}

/**
 * The tasks every agent scored, when agents scored different tasks (their headline pots
 * differ): the figures on which they compare.
 */
export interface CommonPot {
  tasks: number;
  availableUsd: number;
  /** In the run's agent order: expected earnings of one attempt per common task. */
  agents: { agent: string; earnedUsd: number }[];
}

/** The other run of `--compare`: its attempts, to show beside this run's task by task. */
export interface ComparedRun {
  name: string;
  attempts: AttemptRow[];
}

/** A task of the run, with what reports need to join and group attempts. */
export interface TaskRow {
  id: string;
  kind: TaskKind;
  title: string;
  priceUsd: number;
  priceBucket: string;
  categories: Category[];
  nature: Nature | null;
  tags: string[];
  quarantined: boolean;
}

/** One final attempt, flattened for CSV and for programs reading the JSON. */
export interface AttemptRow {
  key: string;
  taskId: string;
  agent: string;
  model: string | null;
  attemptIndex: number;
  status: AttemptStatus;
  earnedUsd: number;
  partialCredit: number | null;
  /** null when the attempt's cost is unknown. */
  costUsd: number | null;
  inputTokens: number;
  outputTokens: number;
  durationMs: number;
  infraRetries: number;
  explanation: string;
}

/** An attempt a runner started and has not recorded yet, as the store notes it. */
export interface InFlightRow {
  key: string;
  taskId: string;
  agent: string;
  attemptIndex: number;
  /** `starting`, `prepare`, `agent`, `grade`, `retry 1`, `waiting to retry (…)`. */
  stage: string;
  startedAt: string;
  /** When it entered its stage. */
  updatedAt: string;
  /** The agent's model calls so far, when its agent reports them. */
  steps?: number;
  /** Their dollars; null when a model has no price. */
  spendUsd?: number | null;
  /** No runner holds the run any more: the attempt is not progressing (it runs on resume). */
  stale: boolean;
  /** The queue worker running it (`host:pid`); absent in a local run. */
  worker?: string;
}

export interface ReportOptionsUsed {
  seed: number;
  resamples: number;
  confidence: number;
  dimensions: Dimension[];
  top: number;
}

/**
 * A queue run pays for tries no result shows: a worker that died mid-attempt, an
 * infrastructure error retried on another worker. The workers' shared spend counter says
 * what they spent in all.
 */
export interface LostTries {
  /** What the workers spent on model calls in all. */
  workersSpentUsd: number;
  /** What the results record (Σ cost). */
  recordedUsd: number;
  /** The difference (never below 0): spent on tries that are in no result. */
  lostUsd: number;
}

export interface RunReport {
  schemaVersion: 1;
  run: {
    /** The run directory (or any name the caller gave). */
    name: string;
    /** The run's manifest as the store keeps it; null when there is none. */
    manifest: JsonValue;
  };
  options: ReportOptionsUsed;
  /** True when every planned attempt has a final result. */
  complete: boolean;
  pendingAttempts: number;
  /** Pending attempts a runner has started, oldest first (given by the caller: read from the store). */
  inFlight: InFlightRow[];
  /** Quarantined tasks: shown apart, excluded from every score. */
  quarantined: { taskId: string; title: string; priceUsd: number }[];
  agents: AgentReport[];
  disagreements: Disagreement[];
  /** null when every agent scored the same tasks (or there is one agent). */
  commonPot: CommonPot | null;
  /** A queue run's model spend beside what its results record; absent for a local run. */
  lostTries?: LostTries;
  comparisons: Comparison[];
  /** The other run's attempts with `--compare`; null otherwise. */
  compared: ComparedRun | null;
  tasks: TaskRow[];
  attempts: AttemptRow[];
}
