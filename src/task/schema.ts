/**
 * The native suite format as written on disk: `suite.json` at the root of a suite folder and
 * one `task.json` per task folder. These zod schemas are the single source of the runtime
 * check, the static types and the published JSON Schemas (`schema/*.schema.json`). Loaders
 * turn the written types into the resolved ones of `types.ts`.
 *
 * Every `error` below is phrased as what was expected; the loader prints it as
 * `file, field "x": expected <error>, found <value>`.
 */

import * as z from 'zod';
import { CATEGORIES, NATURES } from './types.ts';

/** Ids end up in file names and URLs, so they stay plain. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A path relative to the folder of the file that names it, never leaving the suite. */
const relativePath = z
  .string({ error: 'a relative path (a string)' })
  .min(1, { error: 'a non-empty relative path' })
  .refine((value) => !value.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(value), {
    error: 'a relative path (paths are relative to the folder of this file)',
  });

const command = z
  .string({ error: 'a shell command (a string)' })
  .min(1, { error: 'a non-empty shell command' });

const schemaRef = z
  .string()
  .optional()
  .describe('The JSON Schema this file follows (for editors).');

export const codebaseSchema = z
  .strictObject({
    dir: relativePath.describe('Folder of the codebase at its base state, relative to the suite.'),
    install: command.describe('Shell command that installs dependencies, run once per lockfile.'),
    lockfiles: z
      .array(relativePath, { error: 'a list of paths relative to the codebase' })
      .default([])
      .describe('Files (relative to the codebase) whose content decides when to reinstall.'),
    build: command.optional().describe('Shell command run in the workspace before serving.'),
    serve: command.describe('Shell command that serves the app on `port` (loopback).'),
    port: z
      .int({ error: 'a TCP port (an integer from 1 to 65535)' })
      .min(1, { error: 'a TCP port (an integer from 1 to 65535)' })
      .max(65535, { error: 'a TCP port (an integer from 1 to 65535)' }),
    readyPath: z
      .string({ error: 'a URL path starting with "/"' })
      .startsWith('/', { error: 'a URL path starting with "/"' })
      .default('/')
      .describe('Path polled until it answers 2xx/3xx before tests start.'),
    unitTest: command.optional().describe("Shell command running the codebase's own unit tests."),
  })
  .describe('How to install, build and serve one codebase.');

export const suiteFileSchema = z
  .strictObject({
    $schema: schemaRef,
    name: z
      .string({ error: 'a suite name (letters, digits, ".", "_", "-")' })
      .regex(ID_PATTERN, { error: 'a suite name (letters, digits, ".", "_", "-")' }),
    version: z
      .string({ error: 'a version string such as "1.0.0"' })
      .min(1, { error: 'a version string such as "1.0.0"' }),
    description: z.string({ error: 'a description (a string)' }).default(''),
    codebases: z
      .record(
        z.string().regex(ID_PATTERN, { error: 'a codebase name (letters, digits, ".", "_", "-")' }),
        codebaseSchema,
      )
      .default({}),
    tasksDir: relativePath.default('tasks').describe('Folder holding one folder per task.'),
  })
  .describe('A swelancer native suite manifest (suite.json).');

const priceSchema = z
  .number({ error: 'a positive number (the price in US dollars)' })
  .positive({ error: 'a positive number (the price in US dollars)' });

const enumList = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.array(z.enum(values, { error: `one of ${quoteAll(values)}` }), {
    error: `a list of ${what} (${quoteAll(values)})`,
  });

const commonTaskFields = {
  $schema: schemaRef,
  id: z
    .string({ error: 'a task id (letters, digits, ".", "_", "-")' })
    .regex(ID_PATTERN, { error: 'a task id (letters, digits, ".", "_", "-")' })
    .describe('Unique id of the task in the suite; used in file names and reports.'),
  title: z
    .string({ error: 'a title (a non-empty string)' })
    .min(1, { error: 'a title (a non-empty string)' })
    .describe('The title a tracker would show.'),
  price: priceSchema.describe('Payout in US dollars, earned only when every hidden test passes.'),
  categories: enumList(CATEGORIES, 'categories')
    .default([])
    .describe('SWE-Lancer categories of the work.'),
  nature: z
    .enum(NATURES, { error: `one of ${quoteAll(NATURES)}` })
    .optional()
    .describe('SWE-Lancer nature of the work.'),
  tags: z
    .array(
      z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, {
        error: 'a tag (letters, digits, ".", "_", ":", "-")',
      }),
      { error: 'a list of tags' },
    )
    .default([])
    .describe('Free labels for filtering (e.g. "diamond").'),
  issue: relativePath.default('issue.md').describe('Markdown file with the issue as a job post.'),
};

/** `upgrade` in an ic or manager section: grade the patched app started over the old one's data. */
const upgradeSchema = z
  .strictObject({
    env: z
      .record(z.string(), z.string({ error: 'a string value' }), {
        error: 'an object of environment variables (name to string value)',
      })
      .default({})
      .describe(
        'Variables added to the patched app\'s start, e.g. {"KEEP_DATA": "1"} so that it keeps the data the app made before the patch.',
      ),
  })
  .describe(
    'Grade an upgrade: before the patch is applied, the codebase as it is is served once (until readyPath answers) and stopped; then the patched app is built and served over the data it left, with env.',
  );

const restartableSchema = z
  .boolean({ error: 'true or false' })
  .optional()
  .describe(
    'The hidden tests may restart the app: POST $SWELANCER_RESTART_URL with {"env": {...}} stops it and starts it again with those variables added, answering once readyPath answers.',
  );

const testTimeoutSchema = z
  .int({ error: 'a positive integer number of milliseconds' })
  .positive({ error: 'a positive integer number of milliseconds' })
  .default(120_000)
  .describe('Timeout for one run of the hidden tests.');

export const icSectionSchema = z
  .strictObject({
    codebase: z
      .string({ error: 'the name of a codebase in suite.json' })
      .describe('Name of a codebase in suite.json.'),
    breakPatch: relativePath
      .optional()
      .describe(
        'Patch taking the codebase to the broken state; leave out when the base codebase is the broken state (a feature never built), and give fixPatch.',
      ),
    fixPatch: relativePath
      .optional()
      .describe('Reference fix; default: reverse of breakPatch. Required without breakPatch.'),
    tests: relativePath.default('tests').describe('Folder of hidden Playwright tests.'),
    userFlow: relativePath.optional().describe('User-flow script run by the user tool.'),
    testTimeoutMs: testTimeoutSchema,
    upgrade: upgradeSchema.optional(),
    restartable: restartableSchema,
  })
  // Without a breaking patch there is nothing to reverse, so the fix must be written out.
  .refine((section) => section.breakPatch !== undefined || section.fixPatch !== undefined, {
    path: ['fixPatch'],
    error:
      'a reference fix patch (required when there is no breakPatch: the base codebase is then the broken state)',
  })
  .describe('What an IC SWE task needs: broken state, reference fix, hidden tests.');

export const proposalSchema = z.strictObject({
  id: z
    .int({ error: 'a proposal id (an integer, 0 or more)' })
    .min(0, { error: 'a proposal id (an integer, 0 or more)' }),
  author: z.string({ error: 'an author name (a string)' }).optional(),
  file: relativePath.describe('Markdown file with the proposal text.'),
  patch: relativePath.optional().describe('Patch implementing the proposal, if any.'),
  passesTests: z
    .boolean({ error: 'true or false' })
    .default(false)
    .describe(
      "Whether the proposal's patch is expected to pass the hidden tests (true: it passes but is worse, see the rationale). Checked by `swelancer suite validate`; never shown to agents.",
    ),
});

export const managerSectionSchema = z
  .strictObject({
    proposals: z
      .array(proposalSchema, { error: 'a list of proposals' })
      .min(2, { error: 'at least 2 proposals' }),
    correctProposalId: z
      .int({ error: 'the id of one of the proposals' })
      .min(0, { error: 'the id of one of the proposals' }),
    rationale: relativePath.optional().describe('Markdown file explaining the right choice.'),
    codebase: z
      .string({ error: 'the name of a codebase in suite.json' })
      .optional()
      .describe('Codebase the manager may read.'),
    breakPatch: relativePath.optional().describe('Patch taking that codebase to the issue state.'),
    tests: relativePath
      .optional()
      .describe(
        'Folder of hidden Playwright tests that grade proposal patches (may be another task\'s, e.g. "../<ic-id>/tests"); needs codebase.',
      ),
    testTimeoutMs: testTimeoutSchema,
    upgrade: upgradeSchema.optional(),
    restartable: restartableSchema,
  })
  .describe('What a SWE Manager task needs: proposals and the one the manager chose.');

export const icTaskFileSchema = z.strictObject({
  ...commonTaskFields,
  kind: z.literal('ic_swe').describe('An IC SWE task: fix the code, hidden tests decide.'),
  ic: icSectionSchema,
});

export const managerTaskFileSchema = z.strictObject({
  ...commonTaskFields,
  kind: z
    .literal('swe_manager')
    .describe('A SWE Manager task: pick the proposal the real manager chose.'),
  manager: managerSectionSchema,
});

export const taskFileSchema = z
  .discriminatedUnion('kind', [icTaskFileSchema, managerTaskFileSchema], {
    error: 'a task kind: "ic_swe" or "swe_manager"',
  })
  .describe('A swelancer native task (task.json).');

/** suite.json as written (defaults not yet applied). */
export type SuiteFileInput = z.input<typeof suiteFileSchema>;
/** suite.json after parsing (defaults applied). */
export type SuiteFile = z.output<typeof suiteFileSchema>;
export type CodebaseFile = z.output<typeof codebaseSchema>;
/** task.json as written (defaults not yet applied). */
export type TaskFileInput = z.input<typeof taskFileSchema>;
/** task.json after parsing (defaults applied). */
export type TaskFile = z.output<typeof taskFileSchema>;
export type IcTaskFile = z.output<typeof icTaskFileSchema>;
export type ManagerTaskFile = z.output<typeof managerTaskFileSchema>;

function quoteAll(values: readonly string[]): string {
  return values.map((value) => `"${value}"`).join(', ');
}
