/**
 * The paper's categories (SWE-Lancer Tables 2 and 3) are in no official CSV; a mapping file
 * gives them (`--categories <file>`). A CSV with a header:
 *
 * ```csv
 * question_id,category,nature
 * 14958,ui_ux,bug_fix
 * 15193-manager-0,Application Logic (Client-Side),Bug Fixes
 * ```
 *
 * `category` is required: one category, or several separated by `;`, by slug
 * (`application_logic`) or by the paper's name (`Application Logic (Client-Side)`, any case).
 * `nature` is optional, likewise. Ids the suite lacks are ignored (a mapping of the whole
 * benchmark serves every subset); a file matching no task at all is an error.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { InputError } from '../errors.ts';
import { type Problem, plainProblem, SuiteInvalidError } from './problems.ts';
import { CATEGORIES, type Category, NATURES, type Nature, type Task } from './types.ts';

const CATEGORY_NAMES: Record<Category, string> = {
  application_logic: 'Application Logic (Client-Side)',
  ui_ux: 'UI/UX',
  server_side_logic: 'Server-Side Logic',
  system_quality: 'System-Wide Quality and Reliability Tasks',
};

const NATURE_NAMES: Record<Nature, string> = {
  bug_fix: 'Bug Fixes',
  new_feature: 'New Features or Enhancements',
  maintenance: 'Maintenance, QA, Testing, or Reliability improvements',
};

export interface TaskLabels {
  categories: Category[];
  nature: Nature | undefined;
}

/** Reads a mapping file: question_id → labels. Throws `SuiteInvalidError` listing bad rows. */
export async function readCategoriesFile(file: string): Promise<Map<string, TaskLabels>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(
      'FLAG_INVALID',
      `--categories ${file}: expected a readable CSV file (question_id,category[,nature]), ${error instanceof Error ? error.message : String(error)}`,
      { location: file, cause: error },
    );
  }
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    throw new SuiteInvalidError(file, [
      plainProblem(file, `expected valid CSV: ${error instanceof Error ? error.message : ''}`),
    ]);
  }
  const [header = [], ...body] = rows;
  const idAt = header.indexOf('question_id');
  const categoryAt = header.indexOf('category');
  const natureAt = header.indexOf('nature');
  if (idAt === -1 || categoryAt === -1) {
    throw new SuiteInvalidError(file, [
      plainProblem(
        file,
        `expected a header with the columns question_id,category and optionally nature, found "${header.join(',')}"`,
        undefined,
        1,
      ),
    ]);
  }
  const problems: Problem[] = [];
  const labels = new Map<string, TaskLabels>();
  body.forEach((cells, index) => {
    const row = index + 2;
    const id = cells[idAt] ?? '';
    const categories = names(cells[categoryAt] ?? '', CATEGORIES, CATEGORY_NAMES);
    const natures = names(natureAt === -1 ? '' : (cells[natureAt] ?? ''), NATURES, NATURE_NAMES);
    if (!id)
      problems.push(plainProblem(file, 'expected a task id, found nothing', 'question_id', row));
    if (labels.has(id)) {
      problems.push(
        plainProblem(file, `expected each task once, found "${id}" again`, 'question_id', row),
      );
    }
    const bad = [
      ...categories.unknown.map((n) => ['category', n]),
      ...natures.unknown.map((n) => ['nature', n]),
    ];
    for (const [field, name] of bad) {
      const accepted = field === 'category' ? CATEGORY_NAMES : NATURE_NAMES;
      problems.push(
        plainProblem(
          file,
          `expected one of ${Object.entries(accepted)
            .map(([slug, paper]) => `${slug} ("${paper}")`)
            .join(', ')}, found "${name}"`,
          field,
          row,
        ),
      );
    }
    if (categories.known.length === 0 && categories.unknown.length === 0) {
      problems.push(
        plainProblem(file, 'expected at least one category, found nothing', 'category', row),
      );
    }
    if (natures.known.length > 1) {
      problems.push(
        plainProblem(file, 'expected one nature of work, found several', 'nature', row),
      );
    }
    labels.set(id, { categories: categories.known, nature: natures.known[0] });
  });
  if (body.length === 0) problems.push(plainProblem(file, 'expected at least one row, found none'));
  if (problems.length > 0) throw new SuiteInvalidError(file, problems);
  return labels;
}

/** The tasks with the file's labels; throws when the file names none of them. */
export function applyCategories<T extends Task>(
  tasks: readonly T[],
  labels: ReadonlyMap<string, TaskLabels>,
  file: string,
): T[] {
  let matched = 0;
  const out = tasks.map((task) => {
    const found = labels.get(task.id);
    if (!found) return task;
    matched += 1;
    return { ...task, categories: found.categories, nature: found.nature ?? task.nature };
  });
  if (matched === 0) {
    const sample = [...labels.keys()].slice(0, 3).join(', ');
    throw new InputError(
      'FLAG_INVALID',
      `--categories ${file}: expected question_ids of the suite's tasks, found none of them (the file has ${labels.size}, e.g. ${sample})`,
      { location: file },
    );
  }
  return out;
}

function names<T extends string>(
  cell: string,
  slugs: readonly T[],
  paperNames: Record<T, string>,
): { known: T[]; unknown: string[] } {
  const known: T[] = [];
  const unknown: string[] = [];
  for (const part of cell
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const lower = part.toLowerCase();
    const slug = slugs.find((s) => s === lower || paperNames[s].toLowerCase() === lower);
    if (slug) {
      if (!known.includes(slug)) known.push(slug);
    } else unknown.push(part);
  }
  return { known, unknown };
}
