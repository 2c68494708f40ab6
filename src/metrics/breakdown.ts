/**
 * Breakdowns: the same summary over slices of the attempts. Slicing attempts (not tasks)
 * lets one mechanism serve task facts (kind, category…) and attempt facts (model). A task
 * with two categories or tags counts in both, as in the SWE-Lancer paper's tables.
 */
import type { AttemptResult, TaskRecord } from '../store/types.ts';
import { QUARANTINED_TAG } from '../task/quarantine.ts';
import { CATEGORIES, NATURES, TASK_KINDS } from '../task/types.ts';
import { PRICE_BUCKETS, priceBucket } from './price-bucket.ts';
import { summarize } from './summarize.ts';
import { scoreTasks } from './task-scores.ts';
import type { Breakdown, Dimension, GroupSummary } from './types.ts';

interface GroupKey {
  key: string;
  label: string;
}

export const KIND_LABELS: Record<string, string> = { ic_swe: 'IC SWE', swe_manager: 'SWE Manager' };
export const CATEGORY_LABELS: Record<string, string> = {
  application_logic: 'Application logic',
  ui_ux: 'UI/UX',
  server_side_logic: 'Server-side logic',
  system_quality: 'System-wide quality and reliability',
  uncategorized: 'Uncategorized',
};
export const NATURE_LABELS: Record<string, string> = {
  bug_fix: 'Bug fix',
  new_feature: 'New feature',
  maintenance: 'Maintenance',
  unspecified: 'Unspecified',
};

const NO_TAG = '(untagged)';
const NO_MODEL = '(no model)';

function keysOf(
  dimension: Dimension,
  result: AttemptResult,
  task: TaskRecord,
  sharedTags: readonly string[],
): GroupKey[] {
  switch (dimension) {
    case 'kind':
      return [{ key: task.kind, label: KIND_LABELS[task.kind] ?? task.kind }];
    case 'category': {
      const categories = task.categories.length > 0 ? task.categories : ['uncategorized'];
      return categories.map((key) => ({ key, label: CATEGORY_LABELS[key] ?? key }));
    }
    case 'nature': {
      const key = task.nature ?? 'unspecified';
      return [{ key, label: NATURE_LABELS[key] ?? key }];
    }
    case 'price': {
      const bucket = priceBucket(task.price);
      return [{ key: bucket.key, label: bucket.label }];
    }
    case 'tag': {
      const tags = task.tags.filter((tag) => tag !== QUARANTINED_TAG && !sharedTags.includes(tag));
      return (tags.length > 0 ? tags : [NO_TAG]).map((tag) => ({ key: tag, label: tag }));
    }
    case 'model': {
      const model = result.model ?? NO_MODEL;
      return [{ key: model, label: model }];
    }
  }
}

/** Fixed orders where the domain has one; names sort alphabetically. */
const ORDER: Partial<Record<Dimension, readonly string[]>> = {
  kind: TASK_KINDS,
  category: [...CATEGORIES, 'uncategorized'],
  nature: [...NATURES, 'unspecified'],
  price: PRICE_BUCKETS.map((bucket) => bucket.key),
};

/** Sorts group keys: the domain's order (kinds, categories, price buckets…), else by name. */
export function groupOrder(dimension: Dimension): (a: string, b: string) => number {
  const order = ORDER[dimension];
  const rank = (key: string) => (order ? order.indexOf(key) : -1);
  return (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** `sharedTags`: tags every task has, left out of the tag breakdown (it would repeat the totals). */
export function breakdown(
  dimension: Dimension,
  results: readonly AttemptResult[],
  taskById: ReadonlyMap<string, TaskRecord>,
  sharedTags: readonly string[] = [],
): Breakdown {
  const slices = new Map<string, { label: string; results: AttemptResult[] }>();
  for (const result of results) {
    const task = taskById.get(result.taskId) as TaskRecord;
    for (const { key, label } of keysOf(dimension, result, task, sharedTags)) {
      const slice = slices.get(key);
      if (slice) slice.results.push(result);
      else slices.set(key, { label, results: [result] });
    }
  }
  const keys = [...slices.keys()].sort(groupOrder(dimension));
  const groups: GroupSummary[] = keys.map((key) => {
    const slice = slices.get(key) as { label: string; results: AttemptResult[] };
    return { key, label: slice.label, ...summarize(scoreTasks(slice.results, taskById)) };
  });
  // A slice lost entirely to infra errors measured nothing; it shows under infra instead.
  const measured = groups.filter((group) => group.tasks > 0);
  return dimension === 'tag' && sharedTags.length > 0
    ? { dimension, groups: measured, sharedTags: [...sharedTags] }
    : { dimension, groups: measured };
}
