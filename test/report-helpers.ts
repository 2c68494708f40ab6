/** Builders of store rows for report tests: small, explicit, with realistic defaults. */
import type { MetricsInput } from '../src/metrics/types.ts';
import { ZERO_USAGE } from '../src/model/usage.ts';
import { createRunStore } from '../src/store/run-store.ts';
import type {
  AttemptPlan,
  AttemptResult,
  AttemptStatus,
  RunManifest,
  TaskRecord,
  TaskText,
} from '../src/store/types.ts';

export function task(id: string, price: number, extra: Partial<TaskRecord> = {}): TaskRecord {
  return {
    id,
    kind: 'ic_swe',
    title: `Task ${id}`,
    price,
    categories: ['application_logic'],
    nature: 'bug_fix',
    tags: [],
    contentHash: `hash-${id}`,
    ...extra,
  };
}

export function attempt(
  t: TaskRecord,
  agent: string,
  index: number,
  status: AttemptStatus,
  extra: Partial<AttemptResult> = {},
): AttemptResult {
  return {
    key: `${agent}:${t.id}:${index}`,
    taskId: t.id,
    agentLabel: agent,
    attemptIndex: index,
    status,
    priceUsd: t.price,
    earnedUsd: status === 'passed' ? t.price : 0,
    partialCredit: undefined,
    costUsd: 0,
    usage: ZERO_USAGE,
    model: undefined,
    startedAt: '2026-11-23T10:00:00.000Z',
    finishedAt: '2026-11-23T10:01:00.000Z',
    durationMs: 60_000,
    infraRetries: status === 'infra_error' ? 2 : 0,
    explanation: `${status} on ${t.id}`,
    details: null,
    artifacts: {},
    ...extra,
  };
}

export function planOf(result: AttemptResult): AttemptPlan {
  return {
    key: result.key,
    taskId: result.taskId,
    agentLabel: result.agentLabel,
    attemptIndex: result.attemptIndex,
  };
}

/** A complete run: every result was planned. */
export function runOf(tasks: TaskRecord[], results: AttemptResult[]): MetricsInput {
  return { tasks, plans: results.map(planOf), results };
}

/** Writes a real run directory through the run store, as `swelancer run` would. */
export function writeRun(
  dir: string,
  input: MetricsInput,
  suite = 'fixture-suite',
  texts: TaskText[] = [],
): void {
  const agents = [...new Set(input.plans.map((plan) => plan.agentLabel))];
  const manifest: RunManifest = {
    command: ['run', suite, ...agents.flatMap((agent) => ['--agent', agent])],
    suite: { name: suite, version: '1.0.0', origin: `/suites/${suite}` },
    agents: agents.map((agent) => ({ name: agent, label: agent, config: { agent } })),
    plan: {
      source: `/suites/${suite}`,
      agents,
      attempts: 1,
      filters: { kinds: [], tags: [], ids: [], minPrice: undefined, maxPrice: undefined },
      shuffleProposals: false,
      seed: 0,
    },
    skipped: [],
    planId: `plan-${suite}`,
    gradingVersion: 'g1',
    createdAt: '2026-11-23T10:00:00.000Z',
  };
  const store = createRunStore(dir, { manifest, tasks: input.tasks, plans: input.plans, texts });
  try {
    for (const result of input.results) store.record(result);
  } finally {
    store.close();
  }
}
