/**
 * The tool-calling loop: ask the model, run the tools it calls, feed the results back,
 * until it finishes (submit / select_proposal), breaks (malformed replies in a row, a
 * refused request) or a limit fires. Every step goes into the trajectory.
 */
import { InfraError, isSwelancerError } from '../../errors.ts';
import { ModelCallError } from '../../model/call-error.ts';
import type { Model } from '../../model/model.ts';
import type { SpendMeter } from '../../model/spend.ts';
import type { ChatMessage, ToolCall } from '../../model/types.ts';
import { addUsage, type Usage, ZERO_USAGE } from '../../model/usage.ts';
import type { AgentLimits, LimitReason } from './limits.ts';
import { NO_TOOL_CALL_NUDGE } from './prompts.ts';
import type { AgentTool, ToolContext, ToolOutcome } from './tools/types.ts';
import { cut, recordedCalls, type Trajectory, type TrajectoryStep } from './trajectory.ts';

export interface LoopInput {
  model: Model;
  /** Opening messages (system and task prompt). */
  messages: ChatMessage[];
  tools: readonly AgentTool[];
  limits: AgentLimits;
  /** Cancellation from outside (Ctrl-C): the loop rethrows its reason. */
  signal: AbortSignal;
  /** The run's global spend meter: every call's cost is added. */
  spend: SpendMeter | undefined;
  trajectory: Trajectory;
  /**
   * Called once a model reply is in the trajectory and again once its tools ran, so that
   * people watching see the attempt as it grows. @default none
   */
  onStep?: () => Promise<void>;
}

export interface LoopResult {
  status: 'completed' | 'agent_error' | 'limit';
  reason: string | undefined;
  limit?: LimitReason;
  selectedProposalId?: number;
  usage: Usage;
  /** undefined when some call had no price. */
  costUsd: number | undefined;
  steps: number;
}

interface Totals {
  usage: Usage;
  costUsd: number;
  unpriced: boolean;
  steps: number;
}

export async function runLoop(input: LoopInput): Promise<LoopResult> {
  const { model, limits, trajectory } = input;
  const started = Date.now();
  const timer = new AbortController();
  const timeout = setTimeout(
    () => timer.abort(new Error('time limit')),
    Math.min(limits.maxTimeMs, 2 ** 31 - 1),
  );
  const signal = AbortSignal.any([input.signal, timer.signal]);
  const messages = [...input.messages];
  const byName = new Map(input.tools.map((t) => [t.spec.name, t]));
  const specs = input.tools.map((t) => t.spec);
  const totals: Totals = { usage: { ...ZERO_USAGE }, costUsd: 0, unpriced: false, steps: 0 };
  const context: ToolContext = {
    signal,
    remainingMs: () => Math.max(0, limits.maxTimeMs - (Date.now() - started)),
  };
  let malformedInARow = 0;

  const result = (
    status: LoopResult['status'],
    reason: string | undefined,
    extra: Partial<LoopResult> = {},
  ): LoopResult => ({
    status,
    reason,
    usage: totals.usage,
    costUsd: totals.unpriced ? undefined : totals.costUsd,
    steps: totals.steps,
    ...extra,
  });
  const limit = (reason: LimitReason, detail: string) =>
    result('limit', `${reason}: ${detail}`, { limit: reason });
  const timeUp = () => limit('time', `the attempt ran for its ${limits.maxTimeMs} ms`);
  const interrupted = () => {
    if (input.signal.aborted) throw input.signal.reason;
  };

  try {
    for (;;) {
      interrupted();
      if (timer.signal.aborted) return timeUp();
      if (totals.steps >= limits.maxSteps) {
        return limit('steps', `${limits.maxSteps} model calls used without finishing`);
      }

      const stepStarted = new Date().toISOString();
      let call: Awaited<ReturnType<Model['generate']>>;
      try {
        call = await model.generate({ messages, tools: specs, signal });
      } catch (error) {
        interrupted();
        if (error instanceof ModelCallError && error.kind === 'aborted') return timeUp();
        if (error instanceof ModelCallError) {
          return result('agent_error', `the provider refused the request: ${error.message}`);
        }
        throw error;
      }
      const { reply } = call;
      totals.steps++;
      totals.usage = addUsage(totals.usage, reply.usage);
      if (call.costUsd === undefined) totals.unpriced = true;
      else totals.costUsd += call.costUsd;
      input.spend?.add(call.costUsd);

      const step: TrajectoryStep = {
        index: totals.steps,
        startedAt: stepStarted,
        latencyMs: Math.round(call.latencyMs),
        retries: call.retries,
        usage: reply.usage,
        costUsd: call.costUsd ?? null,
        stopReason: reply.stopReason,
        assistant: { text: cut(reply.text), toolCalls: recordedCalls(reply.toolCalls) },
        toolResults: [],
        notes: [],
      };
      trajectory.steps.push(step);
      await input.onStep?.();
      const assistant: ChatMessage = {
        role: 'assistant',
        content: reply.text,
        toolCalls: reply.toolCalls,
      };
      if (reply.thinking) assistant.thinking = reply.thinking;
      messages.push(assistant);

      let finish: ToolOutcome['finish'];
      let malformed = reply.toolCalls.length === 0;
      if (malformed) {
        messages.push({ role: 'user', content: NO_TOOL_CALL_NUDGE });
        step.notes.push(NO_TOOL_CALL_NUDGE);
      } else {
        let valid = 0;
        for (const toolCall of reply.toolCalls) {
          const toolStarted = Date.now();
          const outcome = finish
            ? { output: 'Not run: the attempt already finished.', isError: true, invalid: false }
            : await runTool(byName, toolCall, context);
          if (timer.signal.aborted && !outcome.finish) {
            interrupted();
            return timeUp();
          }
          if (!outcome.invalid) valid++;
          if (outcome.finish && !finish) finish = outcome.finish;
          messages.push({
            role: 'tool',
            toolCallId: toolCall.id,
            toolName: toolCall.name,
            content: outcome.output,
            isError: outcome.isError ?? false,
          });
          step.toolResults.push({
            toolCallId: toolCall.id,
            name: toolCall.name,
            output: cut(outcome.output),
            isError: outcome.isError ?? false,
            durationMs: Date.now() - toolStarted,
          });
        }
        malformed = valid === 0;
      }
      await input.onStep?.();

      if (finish) {
        const extra: Partial<LoopResult> = {};
        if (finish.selectedProposalId !== undefined) {
          extra.selectedProposalId = finish.selectedProposalId;
        }
        return result('completed', undefined, extra);
      }
      malformedInARow = malformed ? malformedInARow + 1 : 0;
      if (malformedInARow >= limits.maxMalformedInARow) {
        return result(
          'agent_error',
          `${malformedInARow} malformed replies in a row (no valid tool call); last: ${describeReply(reply.text, reply.toolCalls)}`,
        );
      }
      const tokens = totals.usage.inputTokens + totals.usage.outputTokens;
      if (limits.maxTokens !== undefined && tokens >= limits.maxTokens) {
        return limit('tokens', `${tokens} tokens used, limit ${limits.maxTokens}`);
      }
      if (
        limits.maxCostUsd !== undefined &&
        !totals.unpriced &&
        totals.costUsd >= limits.maxCostUsd
      ) {
        return limit('cost', `$${totals.costUsd.toFixed(4)} spent, limit $${limits.maxCostUsd}`);
      }
    }
  } finally {
    clearTimeout(timeout);
  }
}

type RunOutcome = ToolOutcome & { invalid: boolean };

/** Parses, validates and runs one call; bad calls become tool errors the model can read. */
async function runTool(
  byName: ReadonlyMap<string, AgentTool>,
  call: ToolCall,
  context: ToolContext,
): Promise<RunOutcome> {
  const tool = byName.get(call.name);
  if (!tool) {
    return {
      output: `Unknown tool "${call.name}". Available tools: ${[...byName.keys()].join(', ')}.`,
      isError: true,
      invalid: true,
    };
  }
  let raw: unknown;
  try {
    raw = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
  } catch (error) {
    return {
      output: `The arguments of ${call.name} are not valid JSON (${(error as Error).message}). Send a JSON object matching the tool's schema.`,
      isError: true,
      invalid: true,
    };
  }
  const parsed = tool.schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `${i.path.length ? i.path.join('.') : '(arguments)'}: ${i.message}`)
      .join('; ');
    return {
      output: `Invalid arguments for ${call.name}: ${issues}.`,
      isError: true,
      invalid: true,
    };
  }
  try {
    return { ...(await tool.run(parsed.data, context)), invalid: false };
  } catch (error) {
    if (context.signal.aborted)
      return { output: 'Stopped: out of time.', isError: true, invalid: false };
    // The environment breaking is not the agent's fault: let the runner retry the attempt.
    if (
      error instanceof InfraError ||
      (isSwelancerError(error) && error.code === 'SANDBOX_UNAVAILABLE')
    ) {
      throw error;
    }
    const message = error instanceof Error ? error.message : String(error);
    return { output: `${call.name} failed: ${message}`, isError: true, invalid: false };
  }
}

function describeReply(text: string, calls: readonly ToolCall[]): string {
  if (calls.length === 0) return `text only: ${JSON.stringify(text.slice(0, 120))}`;
  return calls.map((c) => `${c.name}(${c.arguments.slice(0, 80)})`).join(', ');
}
