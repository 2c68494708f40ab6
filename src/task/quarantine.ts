/**
 * `quarantine.json` at the root of a native suite: tasks that disagreed with themselves when
 * the suite was validated (flaky). The loader tags them `quarantined`; reports keep their
 * dollars apart and no agent is scored on them. Tags are not part of the content hash, so
 * quarantining or releasing a task never changes its attempt keys.
 */
import { rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { FILE_LIMITS, readJsonFile, suiteRealPath } from './files.ts';
import { expectationErrorMap, type Problem, SuiteInvalidError, zodProblems } from './problems.ts';
import type { Task } from './types.ts';

export const QUARANTINE_FILE = 'quarantine.json';

/** The tag the loader gives quarantined tasks (what the metrics module looks for). */
export const QUARANTINED_TAG = 'quarantined';

export const quarantineEntrySchema = z.strictObject({
  id: z.string({ error: 'a task id (a string)' }).min(1, { error: 'a task id (a string)' }),
  reason: z
    .string({ error: 'a reason (a string)' })
    .describe('Why the task is quarantined, e.g. "flaky: gold passed 2 of 3".'),
  since: z.string({ error: 'a date and time (ISO 8601)' }).optional(),
  contentHash: z
    .string({ error: 'a content hash (a string)' })
    .optional()
    .describe('The content hash the task had when it was found flaky.'),
  evidence: z
    .record(z.string(), z.string({ error: 'a text (a string)' }), {
      error: 'an object of texts (check name → what happened)',
    })
    .default({})
    .describe('Check name → outcomes, e.g. {"gold": "passed 2 of 3: pass fail pass"}.'),
  runDir: z
    .string({ error: 'a path (a string)' })
    .optional()
    .describe('The validation run that recorded the evidence.'),
});

export const quarantineFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('The JSON Schema this file follows (for editors).'),
    tasks: z.array(quarantineEntrySchema, { error: 'a list of quarantined tasks' }).default([]),
  })
  .describe('Flaky tasks of a swelancer native suite (quarantine.json).');

export type QuarantineEntry = z.output<typeof quarantineEntrySchema>;

export interface QuarantineRead {
  entries: QuarantineEntry[];
  problems: Problem[];
}

/** Reads `<root>/quarantine.json`; no file means no quarantined task. */
export async function readQuarantine(root: string, shownRoot: string): Promise<QuarantineRead> {
  const file = path.join(root, QUARANTINE_FILE);
  const shown = path.join(shownRoot, QUARANTINE_FILE);
  const present = await stat(file).then(
    () => true,
    () => false,
  );
  if (!present) return { entries: [], problems: [] };
  const json = await readJsonFile(await suiteRealPath(root), file, shown, FILE_LIMITS.quarantine);
  if (!json.ok) return { entries: [], problems: [json.problem] };
  const parsed = quarantineFileSchema.safeParse(json.value, { error: expectationErrorMap });
  if (!parsed.success) {
    return { entries: [], problems: zodProblems({ file: shown }, json.value, parsed.error.issues) };
  }
  return { entries: parsed.data.tasks, problems: [] };
}

/**
 * Tags the quarantined tasks (in place). Entries naming no task are ignored: a renamed task
 * simply leaves quarantine, and the next validation rewrites the file.
 */
export function tagQuarantined(tasks: Task[], entries: readonly QuarantineEntry[]): void {
  const ids = new Set(entries.map((entry) => entry.id));
  for (const task of tasks) {
    if (ids.has(task.id) && !task.tags.includes(QUARANTINED_TAG)) {
      task.tags = [...task.tags, QUARANTINED_TAG];
    }
  }
}

/**
 * Updates `<root>/quarantine.json` after a validation: `flaky` entries are added (or
 * replace the old entry of the same task), tasks in `released` leave quarantine, every
 * other entry stays. Written to a temporary file and renamed, so readers never see half.
 */
export async function updateQuarantine(
  root: string,
  change: { flaky: readonly QuarantineEntry[]; released: readonly string[] },
): Promise<{ file: string; entries: QuarantineEntry[] }> {
  const file = path.join(root, QUARANTINE_FILE);
  const current = await readQuarantine(root, root);
  if (current.problems.length > 0) throw new SuiteInvalidError(file, current.problems);
  const replaced = new Set([...change.released, ...change.flaky.map((entry) => entry.id)]);
  const entries = [...current.entries.filter((e) => !replaced.has(e.id)), ...change.flaky].sort(
    (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ tasks: entries }, null, 2)}\n`);
  await rename(temp, file);
  return { file, entries };
}
