/**
 * What validating a suite runs. Every check is an ordinary attempt of the IC pipeline, so it
 * is recorded, resumable and graded exactly as agents are:
 *
 * - IC task: `gold` must pass, `noop` must fail.
 * - Manager task with hidden tests: an IC view of it (its codebase, broken state and hidden
 *   tests). `noop` must fail there (otherwise the tests prove nothing), and each proposal's
 *   patch, applied by a `patch` agent, must pass when it is the correct proposal or is
 *   marked `passesTests`, and fail otherwise.
 */
import { createGoldAgent } from '../../agent/gold.ts';
import { createNoopAgent } from '../../agent/noop.ts';
import { createPatchAgent } from '../../agent/patch.ts';
import type { Agent } from '../../agent/types.ts';
import type { IcTask, ManagerTask, Task } from '../../task/types.ts';
import { hashValue } from '../../util/hash.ts';
import type { JsonValue } from '../../util/json.ts';
import { type PlannedAttempt, planAttempts, type SkippedGroup } from '../plan.ts';

/** What one check expects of the hidden tests. */
export type Expectation = 'pass' | 'fail';

/** One repeated check of one task: an agent (the role) and what its attempts must do. */
export interface Check {
  taskId: string;
  /** `gold`, `noop`, or `proposal <id>`. */
  role: string;
  /** The agent label of the check's attempts in the run. */
  agentLabel: string;
  expect: Expectation;
  /** Manager tasks: the proposal checked (undefined for gold and noop). */
  proposalId: number | undefined;
}

export interface ValidationPlan {
  attempts: PlannedAttempt[];
  checks: Check[];
  /** Agent names for the run manifest: `gold`, `noop`, then `patch:<file>` per proposal. */
  agentNames: string[];
  /** The agents of `agentNames`, in the same order. */
  agents: Agent[];
  skipped: SkippedGroup[];
  /** Manager tasks: remarks that do not make a task invalid (e.g. nothing to execute). */
  notes: Map<string, string[]>;
}

export interface ValidationChecks {
  /** Run `noop` as well as `gold` and proposal patches. @default true */
  noop?: boolean;
}

/** Plans `repeat` attempts of every check of `tasks`, index-major as `planAttempts` does. */
export async function planValidation(
  tasks: readonly Task[],
  repeat: number,
  options: ValidationChecks = {},
): Promise<ValidationPlan> {
  const gold = createGoldAgent();
  const noop = expectingFailure(createNoopAgent());
  const withNoop = options.noop !== false;
  const groups: PlannedAttempt[][] = [];
  const checks: Check[] = [];
  const agents: Agent[] = [gold, ...(withNoop ? [noop] : [])];
  const agentNames = agents.map((agent) => agent.label);
  const skipped: SkippedGroup[] = [];
  const notes = new Map<string, string[]>();

  const ic = tasks.filter((task): task is IcTask => task.kind === 'ic_swe');
  if (ic.length > 0) {
    const planning = planAttempts(ic, agents, repeat);
    groups.push(planning.attempts);
    skipped.push(...planning.skipped);
    for (const task of ic) {
      // Skipped by the planning (no image pinned: no container provider).
      if (task.ic.runnable === 'official-image' && !task.ic.image) continue;
      checks.push(check(task.id, 'gold', gold.label, 'pass'));
      if (withNoop) checks.push(check(task.id, 'noop', noop.label, 'fail'));
    }
  }

  for (const task of tasks) {
    if (task.kind !== 'swe_manager') continue;
    const view = managerTestView(task);
    const patched = task.proposals.filter((p) => p.patch !== undefined);
    const remarks: string[] = [];
    if (!view) {
      if (patched.length > 0) {
        remarks.push('proposal patches not executed: the task has no hidden tests (manager.tests)');
      }
      notes.set(task.id, remarks);
      continue;
    }
    if (!patched.some((p) => p.id === task.correctProposalId)) {
      remarks.push(`the correct proposal ${task.correctProposalId} has no patch to execute`);
    }
    notes.set(task.id, remarks);
    const viewAgents: Agent[] = withNoop ? [noop] : [];
    if (withNoop) checks.push(check(task.id, 'noop', noop.label, 'fail'));
    for (const proposal of patched) {
      const label = `proposal:${task.id}/${proposal.id}`;
      const file = proposal.patch as string;
      const expected = proposal.id === task.correctProposalId || proposal.passesTests === true;
      const patchAgent = await createPatchAgent(file, { label });
      const agent = expected ? patchAgent : expectingFailure(patchAgent);
      viewAgents.push(agent);
      agents.push(agent);
      agentNames.push(`patch:${file}`);
      checks.push({
        ...check(task.id, `proposal ${proposal.id}`, label, expected ? 'pass' : 'fail'),
        proposalId: proposal.id,
      });
    }
    if (viewAgents.length > 0) groups.push(planAttempts([view], viewAgents, repeat).attempts);
  }
  // Index-major across groups too: a stopped validation has an even first pass.
  const attempts = groups.flat().sort((a, b) => a.plan.attemptIndex - b.plan.attemptIndex);
  return { attempts, checks, agentNames, agents, skipped, notes };
}

/**
 * A check that must fail is settled by the first failing test: its attempts stop there
 * instead of waiting out every remaining test's timeouts (noop runs took 3-6x gold's).
 */
function expectingFailure(agent: Agent): Agent {
  return {
    ...agent,
    config: { ...(agent.config as Record<string, JsonValue>), stopAtFirstFailure: true },
    stopAtFirstFailure: true,
  };
}

function check(taskId: string, role: string, agentLabel: string, expect: Expectation): Check {
  return { taskId, role, agentLabel, expect, proposalId: undefined };
}

/**
 * A manager task seen as an IC task: same id, codebase, broken state and hidden tests, no
 * reference fix (proposal patches play that part). Its content hash is derived from the
 * manager task's, so its attempt keys never meet those of a real run of either kind.
 */
export function managerTestView(task: ManagerTask): IcTask | undefined {
  if (!task.codebase || !task.hiddenTestsDir) return undefined;
  return {
    id: task.id,
    kind: 'ic_swe',
    title: task.title,
    issue: task.issue,
    price: task.price,
    categories: task.categories,
    nature: task.nature,
    tags: task.tags,
    source: task.source,
    contentHash: hashValue({ view: 'manager-hidden-tests', task: task.contentHash }),
    ic: {
      runnable: true,
      codebase: task.codebase,
      breakPatch: task.breakPatch,
      fixPatch: undefined,
      hiddenTestsDir: task.hiddenTestsDir,
      userFlow: undefined,
      testTimeoutMs: task.testTimeoutMs ?? 120_000,
      ...(task.upgrade ? { upgrade: task.upgrade } : {}),
      ...(task.restartable ? { restartable: true } : {}),
    },
  };
}
