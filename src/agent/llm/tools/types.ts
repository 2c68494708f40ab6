import type { z } from 'zod';
import type { ToolSpec } from '../../../model/types.ts';

/** What a tool returns to the model, and whether the attempt ends with it. */
export interface ToolOutcome {
  output: string;
  /** The call failed (bad arguments, no match...): shown to the model as a tool error. */
  isError?: boolean;
  /** Ends the loop: the agent submitted its work or its answer. */
  finish?: { selectedProposalId?: number };
}

export interface ToolContext {
  /** Aborted when the attempt runs out of time or is cancelled. */
  signal: AbortSignal;
  /** Milliseconds left before the attempt's wall-time limit. */
  remainingMs(): number;
}

export interface AgentTool<S extends z.ZodType = z.ZodType> {
  spec: ToolSpec;
  schema: S;
  run(args: z.infer<S>, context: ToolContext): Promise<ToolOutcome>;
}
