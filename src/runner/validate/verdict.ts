/**
 * Verdicts of a suite validation, from the recorded results alone: a check whose repeated
 * attempts all do what it expects is fine; one whose attempts never do is INVALID (the task
 * is wrong); one whose attempts disagree with each other is FLAKY (the task cannot be
 * trusted to grade the same work the same way).
 */
import type { AttemptResult, AttemptStatus } from '../../store/types.ts';
import type { Task, TaskKind } from '../../task/types.ts';
import type { Check, Expectation } from './checks.ts';

export const VERDICTS = ['valid', 'invalid', 'flaky', 'error', 'incomplete', 'skipped'] as const;
/**
 * `error`: some attempt ended in an infrastructure error (nothing is known about the task);
 * `incomplete`: the validation was stopped before every attempt had a result;
 * `skipped`: nothing of the task can run here (e.g. an official IC task).
 */
export type Verdict = (typeof VERDICTS)[number];

/** The outcomes of one check's attempts, in attempt order. */
export interface CheckOutcome {
  role: string;
  expect: Expectation;
  /** Attempts whose tests passed. */
  passed: number;
  /** Attempts with a final result other than `infra_error`. */
  graded: number;
  /** Planned attempts. */
  planned: number;
  infraErrors: number;
  statuses: AttemptStatus[];
  verdict: Verdict;
  /** The explanation of the first attempt that did not do what was expected. */
  firstMiss: string | undefined;
}

export interface TaskValidation {
  id: string;
  kind: TaskKind;
  price: number;
  contentHash: string;
  /** IC: the reference fix. Manager: the correct proposal's patch. */
  gold: CheckOutcome | undefined;
  /** The broken state as it is (no change). */
  noop: CheckOutcome | undefined;
  /** Manager: one per proposal patch (the correct one included). */
  proposals: CheckOutcome[];
  /** Median of the hidden tests' own run time over the task's graded attempts. */
  testRuntimeMedianMs: number | undefined;
  /** Σ of the task's attempt durations (they may have overlapped with other tasks'). */
  timeMs: number;
  verdict: Verdict;
  /** Why the task is not valid, one line each; empty when valid. */
  problems: string[];
  /** Remarks that do not change the verdict. */
  notes: string[];
}

/** Check outcome from the results of its attempts (planned `repeat` times). */
export function judgeCheck(
  check: Check,
  results: readonly AttemptResult[],
  repeat: number,
): CheckOutcome {
  const ordered = [...results].sort((a, b) => a.attemptIndex - b.attemptIndex);
  const graded = ordered.filter((r) => r.status !== 'infra_error');
  const passed = graded.filter((r) => r.status === 'passed').length;
  const matches = graded.filter((r) => (r.status === 'passed') === (check.expect === 'pass'));
  const miss = graded.find((r) => (r.status === 'passed') !== (check.expect === 'pass'));
  const infraErrors = ordered.length - graded.length;
  let verdict: Verdict;
  if (graded.length > 0 && matches.length === 0) verdict = 'invalid';
  else if (passed > 0 && passed < graded.length) verdict = 'flaky';
  else if (infraErrors > 0) verdict = 'error';
  else if (ordered.length < repeat) verdict = 'incomplete';
  else verdict = 'valid';
  return {
    role: check.role,
    expect: check.expect,
    passed,
    graded: graded.length,
    planned: repeat,
    infraErrors,
    statuses: ordered.map((r) => r.status),
    verdict,
    firstMiss: miss?.explanation,
  };
}

/** The worst verdict wins: invalid, then flaky, error, incomplete. */
const SEVERITY: Record<Verdict, number> = {
  invalid: 5,
  flaky: 4,
  error: 3,
  incomplete: 2,
  valid: 1,
  skipped: 0,
};

export function judgeTask(
  task: Task,
  checks: readonly Check[],
  results: readonly AttemptResult[],
  repeat: number,
  notes: readonly string[] = [],
): TaskValidation {
  const own = results.filter((r) => r.taskId === task.id);
  const outcomes = checks.map((check) => ({
    check,
    outcome: judgeCheck(
      check,
      own.filter((r) => r.agentLabel === check.agentLabel),
      repeat,
    ),
  }));
  const correct = task.kind === 'swe_manager' ? task.correctProposalId : undefined;
  const gold = outcomes.find(
    ({ check }) => check.role === 'gold' || (correct !== undefined && check.proposalId === correct),
  )?.outcome;
  const noop = outcomes.find(({ check }) => check.role === 'noop')?.outcome;
  const proposals = outcomes
    .filter(({ check }) => check.proposalId !== undefined)
    .map(({ outcome }) => outcome);

  let verdict: Verdict = outcomes.length === 0 && task.kind === 'ic_swe' ? 'skipped' : 'valid';
  for (const { outcome } of outcomes) {
    if (SEVERITY[outcome.verdict] > SEVERITY[verdict]) verdict = outcome.verdict;
  }
  const runtimes = own.map((r) => testRuntimeOf(r)).filter((ms): ms is number => ms !== undefined);
  return {
    id: task.id,
    kind: task.kind,
    price: task.price,
    contentHash: task.contentHash,
    gold,
    noop,
    proposals,
    testRuntimeMedianMs: median(runtimes),
    timeMs: own.reduce((sum, r) => sum + r.durationMs, 0),
    verdict,
    problems: outcomes.flatMap(({ outcome }) => describeProblem(outcome)),
    notes: [...notes],
  };
}

/** "gold passed 0 of 3 (expected to pass): 0/1 hidden tests passed: ..." */
function describeProblem(outcome: CheckOutcome): string[] {
  const head = `${outcome.role} passed ${outcome.passed} of ${outcome.graded} (expected to ${outcome.expect})`;
  switch (outcome.verdict) {
    case 'invalid':
      return [`${head}: ${firstLine(outcome.firstMiss)}`];
    case 'flaky':
      return [`${head}, attempts disagree: ${outcome.statuses.join(', ')}`];
    case 'error':
      return [
        `${outcome.role}: ${outcome.infraErrors} of ${outcome.planned} attempts ended in an infrastructure error`,
      ];
    case 'incomplete':
      return [`${outcome.role}: ${outcome.graded} of ${outcome.planned} attempts have a result`];
    default:
      return [];
  }
}

/** A check's outcomes as quarantine evidence: "passed 2 of 3: passed, failed, passed". */
export function evidenceOf(outcome: CheckOutcome): string {
  return `passed ${outcome.passed} of ${outcome.graded} (expected to ${outcome.expect}): ${outcome.statuses.join(', ')}`;
}

function testRuntimeOf(result: AttemptResult): number | undefined {
  const details = result.details;
  if (!details || typeof details !== 'object' || Array.isArray(details)) return undefined;
  const durations = details.durations;
  if (!durations || typeof durations !== 'object' || Array.isArray(durations)) return undefined;
  const ms = durations.testRuntimeMs;
  return typeof ms === 'number' ? ms : undefined;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function firstLine(text: string | undefined): string {
  return (text ?? 'no explanation recorded').split('\n')[0]?.slice(0, 300) ?? '';
}
