// Writes schema/suite.schema.json and schema/task.schema.json from the zod schemas.
// Run with `npm run schema` after changing src/task/schema.ts.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderJsonSchemas } from '../src/task/json-schema.ts';

const outDir = path.join(import.meta.dirname, '..', 'schema');
await mkdir(outDir, { recursive: true });
for (const [name, text] of Object.entries(renderJsonSchemas())) {
  await writeFile(path.join(outDir, name), text);
  process.stdout.write(`wrote schema/${name}\n`);
}
