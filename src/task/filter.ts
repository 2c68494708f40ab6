/**
 * Task filters, as the CLI flags give them. Several values for one criterion match any of
 * them (`--tag a --tag b`: tag a or tag b); different criteria must all match.
 */

import { InputError } from '../errors.ts';
import type { Category, Nature, OfficialSplit, Task, TaskKind } from './types.ts';

export interface TaskFilter {
  /** Kinds to keep. @default all kinds */
  kinds?: readonly TaskKind[];
  /** Keep tasks with at least one of these tags. @default no tag filter */
  tags?: readonly string[];
  /** Id globs (`*` any run of characters, `?` one character); keep tasks matching one. */
  ids?: readonly string[];
  /** Lowest price in USD, inclusive. @default no lower bound */
  minPrice?: number;
  /** Highest price in USD, inclusive. @default no upper bound */
  maxPrice?: number;
  /** Keep tasks in at least one of these categories. @default no category filter */
  categories?: readonly Category[];
  /** Keep tasks of one of these natures. @default no nature filter */
  natures?: readonly Nature[];
  /** Keep tasks of this official split (`set` column). @default no split filter */
  split?: OfficialSplit;
}

/** Throws `InputError` (FLAG_INVALID) for a filter that cannot match sensibly. */
export function validateTaskFilter(filter: TaskFilter): void {
  for (const [name, value] of [
    ['--min-price', filter.minPrice],
    ['--max-price', filter.maxPrice],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new InputError(
        'FLAG_INVALID',
        `${name}: expected a number of dollars, 0 or more, found ${value}`,
      );
    }
  }
  if (
    filter.minPrice !== undefined &&
    filter.maxPrice !== undefined &&
    filter.minPrice > filter.maxPrice
  ) {
    throw new InputError(
      'FLAG_INVALID',
      `--min-price ${filter.minPrice} is above --max-price ${filter.maxPrice}: no task can match`,
    );
  }
}

/**
 * Throws `InputError` (FLAG_INVALID) for `--split` on tasks of a file without a `set`
 * column: every task would be filtered out, silently.
 */
export function checkSplitFilter(tasks: readonly Task[], filter: TaskFilter, source: string): void {
  if (filter.split === undefined || tasks.some((task) => task.split !== undefined)) return;
  throw new InputError(
    'FLAG_INVALID',
    `--split ${filter.split}: ${source} has no \`set\` column to split by (only all_swelancer_tasks.csv has one)`,
    { location: '--split' },
  );
}

export function filterTasks<T extends Task>(tasks: readonly T[], filter: TaskFilter): T[] {
  validateTaskFilter(filter);
  const idPatterns = filter.ids?.map(globToRegExp);
  return tasks.filter((task) => matches(task, filter, idPatterns));
}

export function matchesTaskFilter(task: Task, filter: TaskFilter): boolean {
  return matches(task, filter, filter.ids?.map(globToRegExp));
}

function matches(task: Task, filter: TaskFilter, idPatterns: RegExp[] | undefined): boolean {
  if (nonEmpty(filter.kinds) && !filter.kinds.includes(task.kind)) return false;
  if (filter.minPrice !== undefined && task.price < filter.minPrice) return false;
  if (filter.maxPrice !== undefined && task.price > filter.maxPrice) return false;
  if (nonEmpty(filter.tags) && !filter.tags.some((tag) => task.tags.includes(tag))) return false;
  if (nonEmpty(filter.categories) && !filter.categories.some((c) => task.categories.includes(c))) {
    return false;
  }
  if (nonEmpty(filter.natures) && !(task.nature && filter.natures.includes(task.nature))) {
    return false;
  }
  if (nonEmpty(idPatterns) && !idPatterns.some((pattern) => pattern.test(task.id))) return false;
  if (filter.split !== undefined && task.split !== filter.split) return false;
  return true;
}

function nonEmpty<T>(values: readonly T[] | undefined): values is readonly T[] {
  return values !== undefined && values.length > 0;
}

/** `14958*` → /^14958.*$/; `*` is any run of characters, `?` one; the rest is literal. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (const char of glob) {
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += char.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'su');
}
