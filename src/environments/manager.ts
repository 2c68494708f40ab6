/**
 * One SWE Manager attempt: present the proposals (maybe shuffled), build the prompt, let the
 * agent answer, grade the answer against the manager's real choice.
 */
import { buildManagerPrompt } from '../agent/prompt-manager.ts';
import type { AgentOutcome } from '../agent/types.ts';
import { InfraError } from '../errors.ts';
import {
  gradeManagerAnswer,
  type ProposalPresentation,
  presentProposals,
} from '../grader/manager.ts';
import { ZERO_USAGE } from '../model/usage.ts';
import type { AttemptExecution, ManagerAttemptInput } from '../runner/types.ts';
import type { Sandbox } from '../sandbox/types.ts';
import type { ManagerTask } from '../task/types.ts';
import { seedFrom } from '../util/prng.ts';
import { agentView } from './agent-sandbox.ts';
import { openManagerWorkspace } from './manager-workspace.ts';

// Without shuffling every attempt of a task sees the same (long) prompt: build it once.
const prompts = new WeakMap<ManagerTask, string>();
const promptsWithWorkspace = new WeakMap<ManagerTask, string>();

function managerPrompt(
  task: ManagerTask,
  presentation: ProposalPresentation,
  hasWorkspace: boolean,
): string {
  if (presentation.shuffled) {
    return buildManagerPrompt(task, presentation.proposals, { hasWorkspace });
  }
  const cache = hasWorkspace ? promptsWithWorkspace : prompts;
  let prompt = cache.get(task);
  if (prompt === undefined) {
    prompt = buildManagerPrompt(task, presentation.proposals, { hasWorkspace });
    cache.set(task, prompt);
  }
  return prompt;
}

export async function executeManagerAttempt(input: ManagerAttemptInput): Promise<AttemptExecution> {
  const { task, agent } = input;
  const presentation = presentProposals(task, {
    shuffle: input.options.shuffleProposals,
    // Its own stream, so the order is independent of what a random agent draws.
    seed: seedFrom('proposal-order', input.seed),
  });
  const wantsWorkspace =
    agent.needsWorkspace === 'always' || (task.codebase && agent.needsWorkspace !== false);
  const workspace = wantsWorkspace ? await openManagerWorkspace(input) : undefined;
  try {
    return await attemptWith(input, presentation, workspace);
  } finally {
    await workspace?.dispose().catch((error: unknown) => {
      input.logger.warn(`could not dispose the workspace of ${task.id}: ${String(error)}`);
    });
  }
}

async function attemptWith(
  input: ManagerAttemptInput,
  presentation: ProposalPresentation,
  workspace: Sandbox | undefined,
): Promise<AttemptExecution> {
  const { task, agent } = input;
  // An empty workspace (no codebase) has no code to point the agent at.
  const prompt = managerPrompt(task, presentation, workspace !== undefined && !!task.codebase);

  let outcome: AgentOutcome;
  try {
    outcome = await agent.run({
      kind: 'swe_manager',
      task,
      proposals: presentation.proposals,
      prompt,
      workspace: workspace && agentView(workspace, input.options.agentSandbox),
      attemptKey: input.plan.key,
      attemptIndex: input.plan.attemptIndex,
      seed: input.seed,
      signal: input.signal,
      logger: input.logger,
      artifacts: input.artifacts,
    });
  } catch (error) {
    if (error instanceof InfraError) throw error;
    // An agent that throws broke on its own: that is the agent's failure, not the harness's.
    const message = error instanceof Error ? error.message : String(error);
    return {
      status: 'agent_error',
      explanation: `the agent crashed: ${message}`,
      costUsd: 0,
      usage: ZERO_USAGE,
      details: { presentedOrder: presentation.originalIds, error: message },
    };
  }

  const grade = gradeManagerAnswer(task, presentation, outcome.selectedProposalId);
  const common = {
    costUsd: outcome.costUsd === undefined ? 0 : outcome.costUsd,
    usage: outcome.usage ?? ZERO_USAGE,
    ...(outcome.model === undefined ? {} : { model: outcome.model }),
  };
  if (outcome.status !== 'completed') {
    const what = outcome.status === 'limit' ? 'hit a limit' : 'failed';
    return {
      ...common,
      status: outcome.status,
      explanation: `the agent ${what}: ${outcome.reason ?? 'no reason given'}`,
      details: { ...grade.details, reason: outcome.reason ?? null },
    };
  }
  return {
    ...common,
    status: grade.passed ? 'passed' : 'failed',
    // Why there was no valid answer (e.g. the answer file is not JSON) is worth recording.
    explanation:
      grade.details.selectedProposalId === null && outcome.reason
        ? `${grade.explanation} (${outcome.reason})`
        : grade.explanation,
    details: grade.details,
  };
}
