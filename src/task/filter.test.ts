import { describe, expect, it } from 'vitest';
import { filterTasks, globToRegExp } from './filter.ts';
import type { Task } from './types.ts';

function task(id: string, extra: Partial<Task> & Pick<Task, 'kind'>): Task {
  const common = {
    id,
    title: id,
    issue: '',
    price: 100,
    categories: [],
    nature: undefined,
    tags: [],
    source: { type: 'swelancer-csv' as const, file: 'x.csv', row: 2 },
    contentHash: id,
  };
  if (extra.kind === 'ic_swe') {
    return { ...common, ic: { runnable: 'official-image', questionId: id }, ...extra } as Task;
  }
  return {
    ...common,
    proposals: [],
    correctProposalId: 0,
    rationale: undefined,
    codebase: undefined,
    breakPatch: undefined,
    ...extra,
  } as Task;
}

const tasks: Task[] = [
  task('14958', {
    kind: 'ic_swe',
    price: 8000,
    tags: ['hard'],
    categories: ['ui_ux'],
    nature: 'bug_fix',
  }),
  task('14958-manager-0', { kind: 'swe_manager', price: 8000, tags: ['hard', 'lite'] }),
  task('18641_837', {
    kind: 'ic_swe',
    price: 1000,
    categories: ['application_logic'],
    nature: 'new_feature',
  }),
  task('250', { kind: 'swe_manager', price: 250 }),
];
const ids = (filtered: Task[]) => filtered.map((t) => t.id);

describe('filterTasks', () => {
  it('keeps everything without criteria', () => {
    expect(ids(filterTasks(tasks, {}))).toEqual(ids(tasks));
  });

  it('filters by kind, price bounds (inclusive), tag, category and nature', () => {
    expect(ids(filterTasks(tasks, { kinds: ['swe_manager'] }))).toEqual(['14958-manager-0', '250']);
    expect(ids(filterTasks(tasks, { minPrice: 1000, maxPrice: 1000 }))).toEqual(['18641_837']);
    expect(ids(filterTasks(tasks, { tags: ['lite', 'nope'] }))).toEqual(['14958-manager-0']);
    expect(ids(filterTasks(tasks, { categories: ['ui_ux', 'application_logic'] }))).toEqual([
      '14958',
      '18641_837',
    ]);
    expect(ids(filterTasks(tasks, { natures: ['new_feature'] }))).toEqual(['18641_837']);
  });

  it('combines different criteria with AND', () => {
    expect(ids(filterTasks(tasks, { kinds: ['ic_swe'], tags: ['hard'], minPrice: 5000 }))).toEqual([
      '14958',
    ]);
  });

  it('matches ids by glob', () => {
    expect(ids(filterTasks(tasks, { ids: ['14958*'] }))).toEqual(['14958', '14958-manager-0']);
    expect(ids(filterTasks(tasks, { ids: ['*-manager-?'] }))).toEqual(['14958-manager-0']);
    expect(ids(filterTasks(tasks, { ids: ['2?0', '18641_837'] }))).toEqual(['18641_837', '250']);
  });

  it('rejects impossible price bounds', () => {
    expect(() => filterTasks(tasks, { minPrice: 10, maxPrice: 5 })).toThrow(
      '--min-price 10 is above --max-price 5',
    );
    expect(() => filterTasks(tasks, { minPrice: -1 })).toThrow('--min-price: expected a number');
  });
});

describe('globToRegExp', () => {
  it('treats everything but * and ? literally', () => {
    expect(globToRegExp('a.b+c').test('a.b+c')).toBe(true);
    expect(globToRegExp('a.b+c').test('axb+c')).toBe(false);
    expect(globToRegExp('[x]*').test('[x]yz')).toBe(true);
    expect(globToRegExp('a?').test('ab')).toBe(true);
    expect(globToRegExp('a?').test('abc')).toBe(false);
  });
});
