/** Builds the one `RunReport` every renderer reads, from the rows of a run store. */
import { InputError } from '../errors.ts';
import type { AttemptResult } from '../store/types.ts';
import { QUARANTINED_TAG } from '../task/quarantine.ts';
import type { JsonValue } from '../util/json.ts';
import { answerPositions } from './answer-positions.ts';
import { DEFAULT_CONFIDENCE, DEFAULT_RESAMPLES, DEFAULT_SEED } from './bootstrap.ts';
import { breakdown } from './breakdown.ts';
import { commonPot } from './common-pot.ts';
import { compareSides } from './compare.ts';
import { passAtKCurve } from './pass-at-k.ts';
import { priceBucket } from './price-bucket.ts';
import {
  meanPartialCredit,
  scoredOnly,
  summarize,
  summarizeCost,
  summaryIntervals,
} from './summarize.ts';
import {
  countStatuses,
  knownSum,
  type PreparedInput,
  prepareInput,
  scoreTasks,
  type TaskScore,
} from './task-scores.ts';
import type {
  AgentReport,
  AttemptRow,
  Comparison,
  Dimension,
  InFlightRow,
  LostTries,
  MetricsInput,
  ReportOptionsUsed,
  RunReport,
  TaskRow,
} from './types.ts';
import { disagreements, topLosses } from './where-money-went.ts';

export interface RunReportOptions {
  /** The run's name in reports (the CLI passes the run directory). @default 'run' */
  name?: string;
  /** The run's manifest, copied into the report as is. @default null */
  manifest?: JsonValue;
  /** Seed of the bootstrap PRNG. @default 1 */
  seed?: number;
  /** Bootstrap resamples. @default 1000 */
  resamples?: number;
  /** Interval coverage. @default 0.95 */
  confidence?: number;
  /** Breakdowns to compute. @default kind, category, nature, price, tag (+ model when set) */
  dimensions?: Dimension[];
  /** How many costliest misses to list per agent. @default 10 */
  top?: number;
  /** Task ids to quarantine on top of tasks tagged `quarantined`. @default [] */
  quarantine?: string[];
  /** Compare every other agent of the run with this one (paired, same tasks). */
  baseline?: string;
  /** Compare this run with another run, agent by agent (paired, same tasks). */
  compare?: { name: string; input: MetricsInput };
  /** Attempts in flight, as `readRunForReport` found them. @default [] */
  inFlight?: InFlightRow[];
  /** What a queue run's workers spent on model calls in all (`RunReport.lostTries`). */
  workersSpentUsd?: number | undefined;
}

const DEFAULT_DIMENSIONS: Dimension[] = ['kind', 'category', 'nature', 'price', 'tag'];

function lostTriesOf(
  workersSpentUsd: number | undefined,
  results: readonly AttemptResult[],
): { lostTries?: LostTries } {
  if (workersSpentUsd === undefined) return {};
  const recordedUsd = results.reduce((sum, result) => sum + (result.costUsd ?? 0), 0);
  return {
    lostTries: {
      workersSpentUsd,
      recordedUsd,
      lostUsd: Math.max(0, workersSpentUsd - recordedUsd),
    },
  };
}

export function buildRunReport(input: MetricsInput, options: RunReportOptions = {}): RunReport {
  const prepared = prepareInput(input, options.quarantine);
  const used: ReportOptionsUsed = {
    seed: options.seed ?? DEFAULT_SEED,
    resamples: options.resamples ?? DEFAULT_RESAMPLES,
    confidence: options.confidence ?? DEFAULT_CONFIDENCE,
    dimensions: options.dimensions ?? defaultDimensions(prepared.results),
    top: options.top ?? 10,
  };
  const name = options.name ?? 'run';
  const scoresByAgent = scoreAgents(prepared);
  const shared = sharedTagsOf(prepared);
  const agents = prepared.agents.map((agent) =>
    agentReport(agent, prepared, scoresByAgent.get(agent) ?? [], used, shared),
  );

  const comparisons: Comparison[] = [];
  const bootstrap = { seed: used.seed, resamples: used.resamples, confidence: used.confidence };
  if (options.baseline !== undefined) {
    const baseline = options.baseline;
    if (!scoresByAgent.has(baseline)) {
      throw new InputError(
        'FLAG_INVALID',
        `--baseline: expected one of the run's agents (${prepared.agents.join(', ')}), found "${baseline}"`,
      );
    }
    for (const agent of prepared.agents) {
      if (agent === baseline) continue;
      comparisons.push(
        compareSides(
          { run: name, agent, scores: scoresByAgent.get(agent) ?? [] },
          { run: name, agent: baseline, scores: scoresByAgent.get(baseline) ?? [] },
          bootstrap,
        ),
      );
    }
  }
  if (options.compare) comparisons.push(...compareRuns(name, prepared, options, bootstrap));

  const pendingAttempts = [...prepared.pending.values()].reduce((a, b) => a + b, 0);
  return {
    schemaVersion: 1,
    run: { name, manifest: options.manifest ?? null },
    options: used,
    complete: pendingAttempts === 0,
    pendingAttempts,
    inFlight: options.inFlight ?? [],
    quarantined: [...prepared.taskById.values()]
      .filter((task) => prepared.quarantined.has(task.id))
      .map((task) => ({ taskId: task.id, title: task.title, priceUsd: task.price })),
    agents,
    disagreements: disagreements(scoresByAgent),
    commonPot: commonPot(scoresByAgent),
    ...lostTriesOf(options.workersSpentUsd, prepared.results),
    comparisons,
    compared: options.compare
      ? {
          name: options.compare.name,
          attempts: prepareInput(options.compare.input, options.quarantine)
            .results.map(attemptRow)
            .sort(byAttempt),
        }
      : null,
    tasks: taskRows(prepared),
    attempts: prepared.results.map(attemptRow).sort(byAttempt),
  };
}

function defaultDimensions(results: readonly AttemptResult[]): Dimension[] {
  const withModel = results.some((result) => result.model !== undefined);
  return withModel ? [...DEFAULT_DIMENSIONS, 'model'] : [...DEFAULT_DIMENSIONS];
}

/**
 * Tags every scored task of the run carries (a suite's own name, say): a breakdown by them
 * would repeat the totals, so the tag breakdown leaves them out and says so.
 */
function sharedTagsOf(prepared: PreparedInput): string[] {
  const tasks = [...prepared.taskById.values()].filter(
    (task) => !prepared.quarantined.has(task.id),
  );
  const [first, ...rest] = tasks;
  if (!first) return [];
  return first.tags
    .filter((tag) => tag !== QUARANTINED_TAG && rest.every((task) => task.tags.includes(tag)))
    .sort();
}

/** Scores per agent with quarantined tasks left out: they never count for anyone. */
function scoreAgents(prepared: PreparedInput): Map<string, TaskScore[]> {
  const out = new Map<string, TaskScore[]>();
  for (const agent of prepared.agents) {
    const results = prepared.results.filter(
      (result) => result.agentLabel === agent && !prepared.quarantined.has(result.taskId),
    );
    out.set(agent, scoreTasks(results, prepared.taskById));
  }
  return out;
}

function agentReport(
  agent: string,
  prepared: PreparedInput,
  scores: TaskScore[],
  used: ReportOptionsUsed,
  sharedTags: readonly string[],
): AgentReport {
  const own = prepared.results.filter((result) => result.agentLabel === agent);
  const counted = own.filter((result) => !prepared.quarantined.has(result.taskId));
  const quarantined = own.filter((result) => prepared.quarantined.has(result.taskId));
  const quarantinedTasks = new Set(quarantined.map((result) => result.taskId));
  const summary = summarize(scores);
  const scored = scoredOnly(scores);
  const affected = scores.filter((score) => score.infra > 0);
  return {
    agent,
    models: [...new Set(own.flatMap((result) => (result.model ? [result.model] : [])))].sort(),
    summary,
    intervals: summaryIntervals(scores, used),
    passAtK: passAtKCurve(scored.map((score) => ({ n: score.scored, c: score.passed }))),
    statuses: countStatuses(counted),
    infra: {
      attempts: affected.reduce((total, score) => total + score.infra, 0),
      usd: affected.reduce(
        (total, score) => total + (score.task.price * score.infra) / score.attempts,
        0,
      ),
      tasksAffected: affected.length,
      tasksUnscored: affected.filter((score) => score.scored === 0).length,
    },
    quarantine: {
      tasks: quarantinedTasks.size,
      usd: [...quarantinedTasks].reduce(
        (total, id) => total + (prepared.taskById.get(id)?.price ?? 0),
        0,
      ),
      attempts: quarantined.length,
    },
    cost: {
      ...summarizeCost(scores, summary.earnedUsd),
      // Money spent on quarantined tasks was spent all the same.
      spentUsd: knownSum(own.map((result) => result.costUsd)),
      unknownCostAttempts: own.filter((result) => result.costUsd === null).length,
    },
    partialCredit: meanPartialCredit(scores),
    pendingAttempts: prepared.pending.get(agent) ?? 0,
    breakdowns: used.dimensions.map((dimension) =>
      breakdown(dimension, counted, prepared.taskById, sharedTags),
    ),
    topLosses: topLosses(scores, used.top),
    answerPositions: answerPositions(
      counted.filter(
        (result) =>
          result.status !== 'infra_error' &&
          prepared.taskById.get(result.taskId)?.kind === 'swe_manager',
      ),
    ),
  };
}

function compareRuns(
  name: string,
  prepared: PreparedInput,
  options: RunReportOptions,
  bootstrap: { seed: number; resamples: number; confidence: number },
): Comparison[] {
  const other = options.compare as { name: string; input: MetricsInput };
  const otherPrepared = prepareInput(other.input, options.quarantine);
  // A task flaky in either run is unreliable evidence in both.
  const quarantine = new Set([...prepared.quarantined, ...otherPrepared.quarantined]);
  const mine = scoreAgents({ ...prepared, quarantined: quarantine });
  const theirs = scoreAgents({ ...otherPrepared, quarantined: quarantine });
  let pairs = prepared.agents.filter((agent) => theirs.has(agent)).map((agent) => [agent, agent]);
  if (pairs.length === 0 && prepared.agents.length === 1 && otherPrepared.agents.length === 1) {
    pairs = [[prepared.agents[0] as string, otherPrepared.agents[0] as string]];
  }
  if (pairs.length === 0) {
    throw new InputError(
      'RUN_MISMATCH',
      `--compare: expected an agent in common, found ${name} with ${list(prepared.agents)} and ${other.name} with ${list(otherPrepared.agents)}`,
    );
  }
  return pairs.map(([a, b]) =>
    compareSides(
      { run: name, agent: a as string, scores: mine.get(a as string) ?? [] },
      { run: other.name, agent: b as string, scores: theirs.get(b as string) ?? [] },
      bootstrap,
    ),
  );
}

function list(agents: readonly string[]): string {
  return agents.length === 0 ? 'no agent' : `agents ${agents.join(', ')}`;
}

function taskRows(prepared: PreparedInput): TaskRow[] {
  return [...prepared.taskById.values()]
    .map((task) => ({
      id: task.id,
      kind: task.kind,
      title: task.title,
      priceUsd: task.price,
      priceBucket: priceBucket(task.price).key,
      categories: task.categories,
      nature: task.nature ?? null,
      tags: task.tags,
      quarantined: prepared.quarantined.has(task.id),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function attemptRow(result: AttemptResult): AttemptRow {
  return {
    key: result.key,
    taskId: result.taskId,
    agent: result.agentLabel,
    model: result.model ?? null,
    attemptIndex: result.attemptIndex,
    status: result.status,
    earnedUsd: result.earnedUsd,
    partialCredit: result.partialCredit ?? null,
    costUsd: result.costUsd,
    inputTokens: result.usage.inputTokens,
    outputTokens: result.usage.outputTokens,
    durationMs: result.durationMs,
    infraRetries: result.infraRetries,
    explanation: result.explanation,
  };
}

function byAttempt(a: AttemptRow, b: AttemptRow): number {
  const key = (row: AttemptRow) =>
    `${row.agent}\u0000${row.taskId}\u0000${String(row.attemptIndex).padStart(6, '0')}`;
  const x = key(a);
  const y = key(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
