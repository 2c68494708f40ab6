/**
 * The SWE Manager environment: the proposals presented (maybe shuffled), a workspace with the
 * codebase when the agent reads it, the prompt; the agent's answer is collected as the
 * original proposal id and graded against the manager's real choice.
 */
import { datasetManagerMessages } from '../agent/prompt-dataset.ts';
import { buildManagerPrompt, type ManagerPromptOptions } from '../agent/prompt-manager.ts';
import { InputError } from '../errors.ts';
import { gradeManagerAnswer } from '../grader/manager.ts';
import type { Sandbox } from '../sandbox/types.ts';
import { type ProposalPresentation, presentProposals } from '../task/presentation.ts';
import type { ManagerTask } from '../task/types.ts';
import { seedFrom } from '../util/prng.ts';
import { agentView } from './agent-sandbox.ts';
import { hasOfficialCode, MANAGER_CODE_DIR } from './manager-codebase.ts';
import { openManagerWorkspace } from './manager-workspace.ts';
import type { AttemptInput, PreparedAttempt, TaskEnvironment } from './types.ts';
import { wantsWorkspace } from './wants-workspace.ts';

/** The agent's answer: a presented id (or none), with why the agent gave no valid one. */
interface ManagerAnswer {
  selectedPresentedId: number | null | undefined;
  reason: string | undefined;
}

export const managerEnvironment: TaskEnvironment<ManagerTask, ManagerAnswer> = {
  scoresPartialCredit: false,
  // Grading an answer is instant: nothing is gained by saving it before.
  async prepare(input) {
    const { task, agent } = input;
    // Planning checks this for the whole run; a task can only get here by another road.
    if (input.context.prompt === 'dataset' && !task.datasetPrompt?.available) {
      throw new InputError(
        'TASK_INVALID',
        `${task.id}: --prompt dataset, but the task has no dataset prompt`,
      );
    }
    const presentation = presentProposals(task, {
      shuffle: input.context.shuffleProposals,
      // Its own stream, so the order is independent of what a random agent draws.
      seed: seedFrom('proposal-order', input.seed),
    });
    const workspace = wantsWorkspace(task, agent, input.context.managerCodebase)
      ? await openManagerWorkspace(input)
      : undefined;
    return managerAttempt(input, presentation, workspace);
  },
};

function managerAttempt(
  input: AttemptInput<ManagerTask>,
  presentation: ProposalPresentation,
  workspace: Sandbox | undefined,
): PreparedAttempt<ManagerAnswer> {
  const { task, agent } = input;
  const official = workspace !== undefined && hasOfficialCode(task, input.context.managerCodebase);
  const codeDir = official ? MANAGER_CODE_DIR : undefined;
  const messages =
    input.context.prompt === 'dataset' ? datasetManagerMessages(task, { codeDir }) : undefined;
  // An empty workspace (no codebase) has no code to point the agent at.
  const prompt =
    messages?.join('\n\n') ??
    managerPrompt(task, presentation, {
      hasWorkspace: workspace !== undefined && (!!task.codebase || official),
      ...(codeDir ? { codeDir, repository: 'Expensify' } : {}),
    });
  return {
    work: (signal) =>
      agent.run({
        kind: 'swe_manager',
        task,
        proposals: presentation.proposals,
        prompt,
        ...(messages ? { promptMessages: messages } : {}),
        workspace: workspace && agentView(workspace, input.context.agentSandbox),
        attemptKey: input.plan.key,
        attemptIndex: input.plan.attemptIndex,
        seed: input.seed,
        signal,
        logger: input.logger,
        artifacts: input.artifacts,
        onProgress: (progress) => input.onStage?.('agent', progress),
      }),
    async collect(outcome) {
      const answer = { selectedPresentedId: outcome.selectedProposalId, reason: outcome.reason };
      // What the agent picked, mapped back, is worth recording whatever its status.
      const { details } = gradeManagerAnswer(task, presentation, answer.selectedPresentedId);
      return { ok: true, work: answer, details };
    },
    async grade(answer) {
      const grade = gradeManagerAnswer(task, presentation, answer.selectedPresentedId);
      return {
        passed: grade.passed,
        // Why there was no valid answer (e.g. the answer file is not JSON) is worth recording.
        explanation:
          grade.details.selectedProposalId === null && answer.reason
            ? `${grade.explanation} (${answer.reason})`
            : grade.explanation,
        details: grade.details,
      };
    },
    async dispose() {
      await workspace?.dispose().catch((error: unknown) => {
        input.logger.warn(`could not dispose the workspace of ${task.id}: ${String(error)}`);
      });
    },
  };
}

// Without shuffling every attempt of a task sees the same (long) prompt: build it once.
const prompts = new WeakMap<ManagerTask, string>();
const promptsWithWorkspace = new WeakMap<ManagerTask, string>();
const promptsWithOfficialCode = new WeakMap<ManagerTask, string>();

function managerPrompt(
  task: ManagerTask,
  presentation: ProposalPresentation,
  options: ManagerPromptOptions,
): string {
  // Only the usual shapes are cached; a run gives every task the same options.
  if (presentation.shuffled) return buildManagerPrompt(task, presentation.proposals, options);
  const cache = !options.hasWorkspace
    ? prompts
    : options.codeDir
      ? promptsWithOfficialCode
      : promptsWithWorkspace;
  let prompt = cache.get(task);
  if (prompt === undefined) {
    prompt = buildManagerPrompt(task, presentation.proposals, options);
    cache.set(task, prompt);
  }
  return prompt;
}
