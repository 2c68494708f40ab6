/**
 * The published JSON Schemas of the native format, generated from the zod schemas so the
 * two never drift. `scripts/write-json-schema.ts` writes them to `schema/`; a test checks
 * that the committed files are current.
 */

import * as z from 'zod';
import { quarantineFileSchema } from './quarantine.ts';
import { suiteFileSchema, taskFileSchema } from './schema.ts';

/** File name → JSON text (2-space indent, trailing newline). */
export function renderJsonSchemas(): Record<string, string> {
  return {
    'suite.schema.json': render(suiteFileSchema, 'swelancer suite.json'),
    'task.schema.json': render(taskFileSchema, 'swelancer task.json'),
    'quarantine.schema.json': render(quarantineFileSchema, 'swelancer quarantine.json'),
  };
}

function render(schema: z.ZodType, title: string): string {
  // io:'input' describes what people write: fields with defaults are optional there.
  const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' });
  const { $schema, ...rest } = json;
  return `${JSON.stringify({ $schema, title, ...rest }, null, 2)}\n`;
}
