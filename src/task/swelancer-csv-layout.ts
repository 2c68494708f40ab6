/**
 * Which official CSV a file is, from its header. The order of the columns does not matter,
 * and extra columns (`canary`) are ignored.
 */
import { type Problem, problem } from './problems.ts';

/**
 * `prompt-column`: `swelancer_tasks.csv` and `swelancer_tasks_lite.csv` (the paper's
 * releases), whose `prompt` column holds the messages. `built-prompt`: the current
 * `all_swelancer_tasks.csv`, whose prompt is built from `title`, `description`, `proposals`.
 */
export type CsvLayout = 'prompt-column' | 'built-prompt';

export const LAYOUT_COLUMNS: Record<CsvLayout, readonly string[]> = {
  'prompt-column': ['question_id', 'variant', 'price', 'prompt'],
  'built-prompt': [
    'question_id',
    'variant',
    'price',
    'manager_data',
    'manager_commit',
    'acceptable_folders',
    'set',
    'title',
    'description',
    'proposals',
  ],
};

const LAYOUT_FILES: Record<CsvLayout, string> = {
  'prompt-column': 'swelancer_tasks.csv or swelancer_tasks_lite.csv',
  'built-prompt': 'all_swelancer_tasks.csv',
};

export type LayoutDetection = { ok: true; layout: CsvLayout } | { ok: false; problem: Problem };

export function detectLayout(file: string, columns: readonly string[]): LayoutDetection {
  // A `prompt` column decides: the current file has none.
  const layout: CsvLayout = columns.includes('prompt') ? 'prompt-column' : 'built-prompt';
  const missing = LAYOUT_COLUMNS[layout].filter((name) => !columns.includes(name));
  if (missing.length === 0) return { ok: true, layout };
  const expected = (Object.keys(LAYOUT_COLUMNS) as CsvLayout[])
    .map((l) => `${LAYOUT_FILES[l]}: ${LAYOUT_COLUMNS[l].join(', ')}`)
    .join('; or ');
  return {
    ok: false,
    problem: problem({
      file,
      row: 1,
      expected: `the header of an official SWE-Lancer CSV, with the columns of ${expected}`,
      found: columns.join(','),
    }),
  };
}

/**
 * pandas reads a column of whole numbers as int64 and one with a decimal point or an
 * exponent as float64, and prints them differently (`1000` or `1000.0`).
 */
export function hasFloatPrices(cells: readonly string[]): boolean {
  return cells.some((cell) => /[.eE]/.test(cell));
}
