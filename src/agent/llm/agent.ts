/** The built-in tool-using LLM agent (DESIGN.md §6). */
import type { Model } from '../../model/model.ts';
import type { SpendMeter } from '../../model/spend.ts';
import type { ChatMessage } from '../../model/types.ts';
import { addUsage, type Usage, ZERO_USAGE } from '../../model/usage.ts';
import type { JsonValue } from '../../util/json.ts';
import { makeRedactor } from '../../util/logger.ts';
import type { Agent, AgentInput, AgentOutcome } from '../types.ts';
import { type AgentLimits, DEFAULT_AGENT_LIMITS } from './limits.ts';
import { type LoopResult, runLoop } from './loop.ts';
import { IC_SYSTEM_PROMPT, LLM_AGENT_VERSION, MANAGER_SYSTEM_PROMPT } from './prompts.ts';
import { createFileTool, editFileTool, viewFileTool } from './tools/files.ts';
import { selectProposalTool, submitTool, userToolTool } from './tools/finish.ts';
import { listFilesTool, type ShellToolOptions, searchCodeTool, shellTool } from './tools/shell.ts';
import type { AgentTool } from './tools/types.ts';
import { TRAJECTORY_FORMAT, type Trajectory, type TrajectoryStep } from './trajectory.ts';

export interface LlmAgentOptions {
  model: Model;
  /** @default DEFAULT_AGENT_LIMITS */
  limits?: Partial<AgentLimits>;
  /** The run's global spend meter (`--max-spend`). @default none */
  spend?: SpendMeter;
  /** Strings (API keys) that must never reach an artifact. @default [] */
  secrets?: readonly string[];
  /** @default the shell tool's defaults */
  shell?: ShellToolOptions;
}

export class LlmAgent implements Agent {
  readonly label: string;
  readonly config: JsonValue;
  readonly kinds = ['ic_swe', 'swe_manager'] as const;
  readonly limits: AgentLimits;
  readonly #model: Model;
  readonly #spend: SpendMeter | undefined;
  readonly #redact: (text: string) => string;
  readonly #shell: ShellToolOptions;

  constructor(options: LlmAgentOptions) {
    this.#model = options.model;
    this.#spend = options.spend;
    this.#redact = makeRedactor(options.secrets ?? []);
    this.#shell = options.shell ?? {};
    this.limits = { ...DEFAULT_AGENT_LIMITS, ...options.limits };
    this.label = options.model.label;
    const spec = options.model.spec;
    this.config = {
      agent: 'llm',
      version: LLM_AGENT_VERSION,
      model: spec.label,
      provider: spec.provider,
      modelId: spec.modelId,
      params: { ...spec.params },
      limits: limitsJson(this.limits),
    };
  }

  async run(input: AgentInput): Promise<AgentOutcome> {
    const { tools, system } = this.#toolsFor(input);
    const userMessages = input.promptMessages ?? [input.prompt];
    const prompt: ChatMessage[] = [
      { role: 'system', content: system },
      ...userMessages.map((content) => ({ role: 'user' as const, content })),
    ];
    const spec = this.#model.spec;
    const trajectory: Trajectory = {
      format: TRAJECTORY_FORMAT,
      agentVersion: LLM_AGENT_VERSION,
      model: {
        label: spec.label,
        provider: spec.provider,
        modelId: spec.modelId,
        params: spec.params,
      },
      taskId: input.task.id,
      taskKind: input.kind,
      attemptKey: input.attemptKey,
      limits: limitsJson(this.limits),
      tools: tools.map((t) => t.spec.name),
      prompt,
      steps: [],
      outcome: undefined,
    };
    const started = Date.now();
    await input.artifacts.write(
      'llm-prompt.md',
      this.#redact(
        `# system\n\n${system}\n\n${userMessages.map((m) => `# user\n\n${m}\n`).join('\n')}`,
      ),
    );
    let loop: LoopResult | undefined;
    try {
      loop = await runLoop({
        model: this.#model,
        messages: prompt,
        tools,
        limits: this.limits,
        signal: input.signal,
        spend: this.#spend,
        trajectory,
        onStep: async () => {
          const { steps } = trajectory;
          // The trajectory so far (no outcome yet), for reports read while the attempt runs;
          // a failed write here is retried by the final one and must not end the attempt.
          // Written before the progress is told, so that a reader who sees step n in flight
          // finds it in the file.
          try {
            await this.#writeTrajectory(input, trajectory);
          } catch (error) {
            input.logger.warn(`${input.attemptKey}: could not write trajectory.json: ${error}`);
          }
          input.onProgress?.({ steps: steps.length, spendUsd: spentOn(steps).cost });
        },
      });
    } finally {
      // Written whatever happened (an infra error or Ctrl-C too): what was spent is evidence.
      const spent = spentOn(trajectory.steps);
      trajectory.outcome = {
        status: loop?.status ?? (input.signal.aborted ? 'interrupted' : 'infra_error'),
        reason: loop?.reason,
        usage: spent.usage,
        costUsd: spent.cost,
        durationMs: Date.now() - started,
      };
      if (input.kind === 'swe_manager') {
        trajectory.outcome.selectedProposalId = loop?.selectedProposalId ?? null;
      }
      await this.#writeTrajectory(input, trajectory);
    }
    const outcome: AgentOutcome = {
      status: loop.status,
      usage: loop.usage,
      model: this.label,
    };
    if (loop.reason !== undefined) outcome.reason = loop.reason;
    // A model without a price spent something all the same: unknown, not free.
    outcome.costUsd = loop.costUsd ?? null;
    if (input.kind === 'swe_manager') outcome.selectedProposalId = loop.selectedProposalId ?? null;
    return outcome;
  }

  #writeTrajectory(input: AgentInput, trajectory: Trajectory): Promise<string> {
    return input.artifacts.write(
      'trajectory.json',
      this.#redact(`${JSON.stringify(trajectory, null, 2)}\n`),
    );
  }

  #toolsFor(input: AgentInput): { tools: AgentTool[]; system: string } {
    if (input.kind === 'swe_manager') {
      const tools = [selectProposalTool(input.proposals)];
      if (input.workspace) {
        tools.push(
          listFilesTool(input.workspace),
          searchCodeTool(input.workspace),
          viewFileTool(input.workspace),
        );
      }
      return { tools, system: MANAGER_SYSTEM_PROMPT };
    }
    const tools = [
      shellTool(input.sandbox, this.#shell),
      viewFileTool(input.sandbox),
      createFileTool(input.sandbox),
      editFileTool(input.sandbox),
    ];
    if (input.userTool) tools.push(userToolTool(input.userTool));
    tools.push(submitTool());
    return { tools, system: IC_SYSTEM_PROMPT };
  }
}

/** Tokens and dollars of the steps; the dollars are null once a step has no price. */
function spentOn(steps: readonly TrajectoryStep[]): { usage: Usage; cost: number | null } {
  return steps.reduce(
    (acc, step) => ({
      usage: addUsage(acc.usage, step.usage),
      cost: acc.cost === null || step.costUsd === null ? null : acc.cost + step.costUsd,
    }),
    { usage: { ...ZERO_USAGE }, cost: 0 as number | null },
  );
}

function limitsJson(limits: AgentLimits): Record<string, number | null> {
  return {
    maxSteps: limits.maxSteps,
    maxTimeMs: limits.maxTimeMs,
    maxTokens: limits.maxTokens ?? null,
    maxCostUsd: limits.maxCostUsd ?? null,
    maxMalformedInARow: limits.maxMalformedInARow,
  };
}
