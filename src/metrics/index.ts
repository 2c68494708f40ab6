export {
  answerPositions,
  dominantPosition,
  POSITION_BIAS_MIN_ANSWERS,
  POSITION_BIAS_SHARE,
} from './answer-positions.ts';
export {
  type BootstrapOptions,
  bootstrapInterval,
  bootstrapIntervals,
  DEFAULT_CONFIDENCE,
  DEFAULT_RESAMPLES,
  DEFAULT_SEED,
  quantile,
} from './bootstrap.ts';
export { breakdown } from './breakdown.ts';
export { type ComparedSide, compareSides } from './compare.ts';
export { mcnemarExactP } from './mcnemar.ts';
export { maxK, meanPassAtK, type PassCount, passAtK, passAtKCurve } from './pass-at-k.ts';
export { PRICE_BUCKETS, type PriceBucket, priceBucket } from './price-bucket.ts';
export { buildRunReport, type RunReportOptions } from './run-report.ts';
export { summarize } from './summarize.ts';
export { prepareInput, scoreTasks, type TaskScore } from './task-scores.ts';
export type {
  AgentReport,
  AnswerPositions,
  AttemptRow,
  Breakdown,
  CommonPot,
  ComparedRun,
  Comparison,
  ComparisonSide,
  CostSummary,
  Dimension,
  Disagreement,
  FlippedTask,
  GroupSummary,
  InFlightRow,
  InfraSummary,
  Interval,
  MetricsInput,
  PassAtK,
  QuarantineSummary,
  RunReport,
  ScoreSummary,
  TaskLoss,
  TaskRow,
} from './types.ts';
export { DIMENSIONS } from './types.ts';
export { disagreements, topLosses } from './where-money-went.ts';
