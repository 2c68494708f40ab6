/**
 * Loads the official SWE-Lancer CSVs: one row per task, `manager_data` and
 * `acceptable_folders` written as Python literals. Two layouts, told apart by the header
 * (`swelancer-csv-layout.ts`): `swelancer_tasks.csv` and `swelancer_tasks_lite.csv` carry the
 * prompt messages in a `prompt` column; `all_swelancer_tasks.csv` carries `title`,
 * `description`, `proposals` and the `set` (split), and the prompt is built from them as the
 * official harness builds it. Manager tasks are complete in their row; IC tasks run in their
 * official image (docs/official-images.md), which holds their codebase and tests.
 */

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type InfoRecord, parse } from 'csv-parse/sync';
import * as z from 'zod';
import { hashValue, sha256 } from '../util/hash.ts';
import type { SuiteCheck } from './native-suite.ts';
import { type Problem, plainProblem, problem, SuiteInvalidError } from './problems.ts';
import { decodeUnicodeEscape } from './python-unicode-escape.ts';
import { literalCell, type RowContext } from './swelancer-csv-cells.ts';
import { detectLayout, hasFloatPrices } from './swelancer-csv-layout.ts';
import { managerTask } from './swelancer-csv-manager.ts';
import { buildOfficialPrompt, pandasPrice } from './swelancer-official-prompt.ts';
import { cleanTitle, extractIssue } from './swelancer-prompt.ts';
import {
  type DatasetPrompt,
  OFFICIAL_SPLITS,
  type OfficialSplit,
  type Suite,
  TASK_KINDS,
  type Task,
  type TaskKind,
} from './types.ts';

/** The official harness calls a task "hard" above this price (`swelancer.py::get_summary`). */
export const HARD_PRICE_USD = 300;

const HASH_FORMAT = 'swelancer-csv-task/1';
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const promptSchema = z
  .array(z.looseObject({ content: z.string(), role: z.string() }), {
    error: 'a list of messages ({"content": ..., "role": ...})',
  })
  .min(1, { error: 'at least one message' });

const foldersSchema = z.array(z.string(), { error: 'a list of folder names' });

/** Loads an official CSV, or throws `SuiteInvalidError` naming every bad row and column. */
export async function loadSwelancerCsv(file: string): Promise<Suite> {
  const { suite, problems } = await checkSwelancerCsv(file);
  if (!suite || problems.length > 0) throw new SuiteInvalidError(file, problems, 'CSV_INVALID');
  return suite;
}

export async function checkSwelancerCsv(file: string): Promise<SuiteCheck> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { suite: undefined, problems: [plainProblem(file, `cannot read the file: ${detail}`)] };
  }
  let records: { record: string[]; info: InfoRecord }[];
  try {
    // With `info: true` each item is {record, info}; csv-parse's typings do not model that.
    records = parse(bytes, {
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      bom: true,
    }) as unknown as {
      record: string[];
      info: InfoRecord;
    }[];
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { suite: undefined, problems: [plainProblem(file, `expected valid CSV: ${detail}`)] };
  }
  const [header, ...rows] = records;
  const columns = header?.record ?? [];
  const layout = detectLayout(file, columns);
  if (!layout.ok) return { suite: undefined, problems: [layout.problem] };

  const context: RowContext = {
    file,
    columns,
    layout: layout.layout,
    splitTag: splitTag(file),
    floatPrices: hasFloatPrices(rows.map((r) => r.record[columns.indexOf('price')] ?? '')),
  };
  const problems: Problem[] = [];
  const tasks: Task[] = [];
  const firstRow = new Map<string, number>();
  for (const { record, info } of rows) {
    const result = rowToTask(context, record, info.records);
    problems.push(...result.problems);
    if (!result.task) continue;
    const earlier = firstRow.get(result.task.id);
    if (earlier !== undefined) {
      problems.push(
        plainProblem(
          file,
          `duplicate question_id "${result.task.id}" (also in row ${earlier})`,
          'question_id',
          info.records,
        ),
      );
      continue;
    }
    firstRow.set(result.task.id, info.records);
    tasks.push(result.task);
  }
  if (rows.length === 0)
    problems.push(plainProblem(file, 'expected at least one task row, found none'));
  return {
    suite: {
      name: path.basename(file, path.extname(file)),
      // The data's own fingerprint: two copies of the same CSV are the same version.
      version: `sha256:${sha256(bytes).slice(0, 12)}`,
      description: `Official SWE-Lancer tasks from ${path.basename(file)}`,
      origin: path.resolve(file),
      tasks,
    },
    problems,
  };
}

/** Tags the official split by its file name, so filters can tell lite tasks apart. */
function splitTag(file: string): string | undefined {
  const base = path.basename(file, path.extname(file)).toLowerCase();
  if (base.endsWith('swelancer_tasks_lite')) return 'swelancer-lite';
  if (base.startsWith('all_swelancer_tasks')) return 'swelancer-all';
  return undefined;
}

function rowToTask(
  context: RowContext,
  record: string[],
  row: number,
): { task?: Task; problems: Problem[] } {
  const { file, columns } = context;
  if (record.length !== columns.length) {
    return {
      problems: [
        problem({
          file,
          row,
          expected: `${columns.length} columns as in the header`,
          found: record.length,
        }),
      ],
    };
  }
  const cell = (name: string): string => record[columns.indexOf(name)] ?? '';
  const problems: Problem[] = [];
  const bad = (field: string, expected: string, found: unknown) =>
    problems.push(problem({ file, row, field, expected, found }));

  const id = cell('question_id').trim();
  if (!ID_PATTERN.test(id))
    bad('question_id', 'a task id such as "14958" or "15193-manager-0"', id);
  const variant = cell('variant').trim();
  const kind = TASK_KINDS.find((k) => k === variant);
  if (!kind) bad('variant', `one of ${TASK_KINDS.map((k) => `"${k}"`).join(', ')}`, variant);
  const priceText = cell('price').trim();
  const price = /^\d+(?:\.\d+)?$/.test(priceText) ? Number(priceText) : Number.NaN;
  if (!(price > 0)) bad('price', 'a positive number of US dollars', priceText);

  const folders = cell('acceptable_folders').trim()
    ? literalCell(
        context,
        row,
        'acceptable_folders',
        cell('acceptable_folders'),
        foldersSchema,
        problems,
      )
    : [];
  const split = context.layout === 'built-prompt' ? splitCell(cell('set'), bad) : undefined;
  // Checked against the clone only when one is given (`--codebase expensify=...`).
  const commit = cell('manager_commit').trim();
  if (!kind || !folders || problems.length > 0) return { problems };
  const issue =
    context.layout === 'prompt-column'
      ? issueFromPromptColumn(context, row, kind, cell('prompt'), problems)
      : issueFromCells(context, kind, price, cell, bad);
  if (!issue) return { problems };

  const tags = ['swelancer', context.splitTag, price > HARD_PRICE_USD ? 'hard' : undefined];
  if (context.columns.includes('set') && cell('set').trim()) tags.push(cell('set').trim());
  const base = {
    id,
    title: issue.title,
    issue: issue.issue,
    price,
    categories: [],
    nature: undefined,
    tags: tags.filter((tag): tag is string => Boolean(tag)),
    source: { type: 'swelancer-csv' as const, file: path.resolve(file), row },
    datasetPrompt: issue.datasetPrompt,
    ...(split ? { split } : {}),
  };
  // The raw cells define the task exactly (the prompt the agent gets, the answer key);
  // hashed one by one so the canonical JSON stays small (cells reach 100 kB).
  const definition = {
    format: HASH_FORMAT,
    id,
    kind,
    price,
    ...(context.layout === 'prompt-column'
      ? { prompt: sha256(cell('prompt')) }
      : {
          // The price as the built prompt prints it is part of that prompt.
          priceText: pandasPrice(price, context.floatPrices),
          title: sha256(cell('title')),
          description: sha256(cell('description')),
          proposals: sha256(cell('proposals')),
          set: cell('set').trim(),
        }),
    managerData: sha256(cell('manager_data')),
    managerCommit: sha256(cell('manager_commit')),
    acceptableFolders: sha256(cell('acceptable_folders')),
  };
  if (kind === 'ic_swe') {
    return {
      problems,
      task: {
        ...base,
        kind,
        contentHash: hashValue(definition),
        ic: { runnable: 'official-image', questionId: id },
      },
    };
  }
  return managerTask(
    context,
    row,
    cell('manager_data'),
    { ...base, ...(commit ? { managerCommit: commit } : {}) },
    hashValue(definition),
    problems,
  );
}

interface RowIssue {
  title: string;
  issue: string;
  datasetPrompt: DatasetPrompt;
}

/** `swelancer_tasks*.csv`: the prompt messages are the dataset's prompt; the issue is in the first. */
function issueFromPromptColumn(
  context: RowContext,
  row: number,
  kind: TaskKind,
  raw: string,
  problems: Problem[],
): RowIssue | undefined {
  const messages = literalCell(context, row, 'prompt', raw, promptSchema, problems);
  if (!messages) return undefined;
  const first = messages[0]?.content ?? '';
  const extracted = extractIssue(first, kind);
  if (!extracted.ok) {
    problems.push(
      problem({
        file: context.file,
        row,
        field: 'prompt',
        expected: extracted.expected,
        found: first.slice(0, 120),
      }),
    );
    return undefined;
  }
  return {
    title: extracted.title,
    issue: extracted.issue,
    datasetPrompt: {
      available: true,
      messages: messages.map((m) => ({ role: m.role, content: m.content })),
    },
  };
}

/**
 * `all_swelancer_tasks.csv`: the issue is in `title` and `description`, with `\n` escapes
 * (decoded here without the official harness's mojibake); the dataset's prompt is the one
 * message the official harness builds from the row.
 */
function issueFromCells(
  context: RowContext,
  kind: TaskKind,
  price: number,
  cell: (name: string) => string,
  bad: (field: string, expected: string, found: unknown) => void,
): RowIssue | undefined {
  // pandas reads an empty cell as NaN, on which the official harness fails.
  for (const name of ['title', 'description']) {
    if (!cell(name).trim()) bad(name, `the issue's ${name} (the official harness needs it)`, '');
  }
  if (!cell('title').trim() || !cell('description').trim()) return undefined;
  const readable = (text: string) => {
    const decoded = decodeUnicodeEscape(text, 'text');
    return decoded.ok ? decoded.text : text;
  };
  const built = buildOfficialPrompt({
    kind,
    title: cell('title'),
    description: cell('description'),
    proposals: cell('proposals'),
    price: pandasPrice(price, context.floatPrices),
  });
  return {
    title: cleanTitle(readable(cell('title'))),
    issue: readable(cell('description')).trim(),
    datasetPrompt: built.ok
      ? { available: true, messages: [{ role: 'user', content: built.text }] }
      : {
          available: false,
          reason: `the official harness cannot build its prompt (${built.reason})`,
        },
  };
}

function splitCell(
  text: string,
  bad: (field: string, expected: string, found: unknown) => void,
): OfficialSplit | undefined {
  const value = text.trim();
  const split = OFFICIAL_SPLITS.find((s) => s === value);
  if (!split) bad('set', `one of ${OFFICIAL_SPLITS.join(', ')}`, value);
  return split;
}
