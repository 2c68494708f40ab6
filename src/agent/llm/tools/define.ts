import { z } from 'zod';
import type { JsonValue } from '../../../util/json.ts';
import type { AgentTool, ToolContext, ToolOutcome } from './types.ts';

/** One zod schema is both the runtime check of the model's arguments and the JSON Schema it sees. */
export function defineTool<S extends z.ZodObject>(
  name: string,
  description: string,
  schema: S,
  run: (args: z.infer<S>, context: ToolContext) => Promise<ToolOutcome>,
): AgentTool<S> {
  const { $schema: _ignored, ...parameters } = z.toJSONSchema(schema) as Record<string, JsonValue>;
  return { spec: { name, description, parameters }, schema, run };
}
