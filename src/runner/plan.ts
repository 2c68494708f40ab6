/**
 * Planning: which attempts a run asks for. An attempt is task × agent × attempt index; its
 * key hashes what decides its outcome, so the same attempt always has the same key and a
 * resumed run can tell what is already done.
 */
import type { Agent } from '../agent/types.ts';
import type { AgentNetwork } from '../environments/agent-sandbox.ts';
import { InputError } from '../errors.ts';
import type { AttemptPlan } from '../store/types.ts';
import type { PromptSource, Task, TaskKind } from '../task/types.ts';
import { hashValue } from '../util/hash.ts';
import type { JsonValue } from '../util/json.ts';

/**
 * Bumped whenever grading changes in a way that can change a result: old results then no
 * longer match any key, and a resumed run grades those attempts again.
 */
export const GRADING_VERSION = '3';

export function attemptKey(
  taskContentHash: string,
  agentConfig: JsonValue,
  attemptIndex: number,
  agentNetwork: AgentNetwork = 'none',
  conditions: AttemptConditions = {},
): string {
  return hashValue({
    task: taskContentHash,
    agent: agentConfig,
    attempt: attemptIndex,
    grading: GRADING_VERSION,
    // An agent with the host's network is another experiment; only the opt-in enters the
    // hash, so keys of runs without it stay what they were.
    ...(agentNetwork === 'host' ? { agentNetwork } : {}),
    // Likewise the dataset's prompt and the official code: only when used.
    ...(conditions.prompt === 'dataset' ? { prompt: conditions.prompt } : {}),
    ...(conditions.code ? { code: conditions.code } : {}),
  });
}

/** What else than task and agent makes an attempt another experiment. */
export interface AttemptConditions {
  /** @default 'swelancer' */
  prompt?: PromptSource;
  /** The codebase the attempt reads (its name, never its path on this machine). */
  code?: string;
}

/** The plan options that reach attempt keys. */
export interface PlanOptions {
  agentNetwork?: AgentNetwork;
  /** @default 'swelancer' */
  prompt?: PromptSource;
  /** Whether official manager tasks read Expensify/App (`--codebase expensify=...`). */
  expensify?: boolean;
}

function conditionsOf(task: Task, options: PlanOptions): AttemptConditions {
  const readsExpensify =
    options.expensify === true && task.kind === 'swe_manager' && task.managerCommit !== undefined;
  return {
    ...(options.prompt ? { prompt: options.prompt } : {}),
    ...(readsExpensify ? { code: 'expensify' } : {}),
  };
}

export interface PlannedAttempt {
  plan: AttemptPlan;
  task: Task;
  agent: Agent;
}

/** Tasks left out of a run for one reason, for the summary line. */
export interface SkippedGroup {
  kind: TaskKind;
  reason: string;
  taskIds: string[];
  /** Σ of the prices of those tasks. */
  usd: number;
}

export interface AttemptPlanning {
  attempts: PlannedAttempt[];
  skipped: SkippedGroup[];
}

/**
 * Plans attempts index-major (every task and agent once, then again), so a run stopped
 * early has an even first pass rather than k attempts of a few tasks.
 */
export function planAttempts(
  tasks: readonly Task[],
  agents: readonly Agent[],
  attempts: number,
  options: PlanOptions = {},
): AttemptPlanning {
  checkUniqueLabels(agents);
  const skipped = new Map<string, SkippedGroup>();
  const skip = (task: Task, reason: string) => {
    const id = `${task.kind}\u0000${reason}`;
    const group = skipped.get(id) ?? { kind: task.kind, reason, taskIds: [], usd: 0 };
    if (!group.taskIds.includes(task.id)) {
      group.taskIds.push(task.id);
      group.usd += task.price;
    }
    skipped.set(id, group);
  };

  const pairs: { task: Task; agent: Agent }[] = [];
  for (const task of tasks) {
    if (task.kind === 'ic_swe' && task.ic.runnable === 'official-image' && !task.ic.image) {
      skip(task, OFFICIAL_IMAGE_NEEDED);
      continue;
    }
    for (const agent of agents) {
      if (agent.kinds.includes(task.kind)) pairs.push({ task, agent });
      else skip(task, `agent ${agent.label} does not attempt ${task.kind} tasks`);
    }
  }

  const planned: PlannedAttempt[] = [];
  const seen = new Map<string, string>();
  for (let attemptIndex = 0; attemptIndex < attempts; attemptIndex++) {
    for (const { task, agent } of pairs) {
      const key = attemptKey(
        task.contentHash,
        agent.config,
        attemptIndex,
        options.agentNetwork,
        conditionsOf(task, options),
      );
      const other = seen.get(key);
      if (other !== undefined) {
        throw new InputError(
          'SUITE_INVALID',
          `tasks "${other}" and "${task.id}" have the same content hash ${task.contentHash}: ` +
            'expected every task to differ in content',
        );
      }
      seen.set(key, task.id);
      planned.push({
        plan: { key, taskId: task.id, agentLabel: agent.label, attemptIndex },
        task,
        agent,
      });
    }
  }
  return { attempts: planned, skipped: [...skipped.values()] };
}

/** Why an official IC task is skipped by a run that has no container provider. */
export const OFFICIAL_IMAGE_NEEDED =
  'runs in its official SWE-Lancer image: add --sandbox container (Podman or Docker; see docs/official-images.md)';

/** "61 IC tasks skipped ($175,000): runs in its official SWE-Lancer image: …" */
export function describeSkipped(group: SkippedGroup): string {
  const n = group.taskIds.length;
  const kind = group.kind === 'ic_swe' ? 'IC' : 'manager';
  const usd = `$${group.usd.toLocaleString('en-US')}`;
  return `${n} ${kind} task${n === 1 ? '' : 's'} skipped (${usd}): ${group.reason}`;
}

function checkUniqueLabels(agents: readonly Agent[]): void {
  const labels = new Set<string>();
  for (const agent of agents) {
    if (labels.has(agent.label)) {
      throw new InputError(
        'FLAG_INVALID',
        `agent "${agent.label}" is given twice: expected each --agent once (use --attempts for repeats)`,
        { location: '--agent' },
      );
    }
    labels.add(agent.label);
  }
}
