/** Task selection from `--kind`, `--tag`, `--id`, `--min-price`, `--max-price`. */
import { InputError } from '../errors.ts';
import type { TaskFilters } from '../store/types.ts';
import { checkSplitFilter, filterTasks, globToRegExp } from '../task/filter.ts';
import type { Task } from '../task/types.ts';

export const NO_FILTERS: TaskFilters = {
  kinds: [],
  tags: [],
  ids: [],
  minPrice: undefined,
  maxPrice: undefined,
};

/**
 * Keeps tasks matching every given filter (within one filter, any value matches; ids may be
 * globs). An `--id` that matches no task is an error: a typo should not silently shrink the
 * run.
 */
export function selectTasks(tasks: readonly Task[], filters: TaskFilters, suite: string): Task[] {
  const missing = filters.ids.filter((id) => {
    const pattern = globToRegExp(id);
    return !tasks.some((task) => pattern.test(task.id));
  });
  if (missing.length > 0) {
    throw new InputError(
      'FLAG_INVALID',
      `--id ${missing.join(', ')}: no such task in ${suite} (it has ${tasks.length} tasks; ` +
        'see `swelancer tasks list`)',
      { location: '--id' },
    );
  }
  checkSplitFilter(tasks, filters, suite);
  return filterTasks(tasks, filters);
}

/** The filters as flags, for messages: `--kind swe_manager --min-price 1000`. */
export function describeFilters(filters: TaskFilters): string {
  const parts = [
    ...filters.kinds.map((k) => `--kind ${k}`),
    ...filters.tags.map((t) => `--tag ${t}`),
    ...filters.ids.map((i) => `--id ${i}`),
    filters.minPrice === undefined ? '' : `--min-price ${filters.minPrice}`,
    filters.maxPrice === undefined ? '' : `--max-price ${filters.maxPrice}`,
    filters.split === undefined ? '' : `--split ${filters.split}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : '(no filters)';
}
