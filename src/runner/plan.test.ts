import { describe, expect, it } from 'vitest';
import { managerTask, unrunnableIcTask } from '../../test/run-helpers.ts';
import { createGoldAgent } from '../agent/gold.ts';
import { createNoopAgent } from '../agent/noop.ts';
import { createRandomAgent } from '../agent/random.ts';
import type { TaskFilters } from '../store/types.ts';
import { attemptKey, describeSkipped, OFFICIAL_IMAGE_NEEDED, planAttempts } from './plan.ts';
import { NO_FILTERS, selectTasks } from './select.ts';

describe('planAttempts', () => {
  const tasks = [managerTask('m1', 1000, 3, 1), managerTask('m2', 2000, 4, 0)];

  it('plans task × agent × index, index-major, with stable distinct keys', () => {
    const { attempts, skipped } = planAttempts(tasks, [createGoldAgent(), createNoopAgent()], 2);
    expect(skipped).toEqual([]);
    expect(attempts.map((a) => `${a.plan.attemptIndex}:${a.task.id}:${a.agent.label}`)).toEqual([
      '0:m1:gold',
      '0:m1:noop',
      '0:m2:gold',
      '0:m2:noop',
      '1:m1:gold',
      '1:m1:noop',
      '1:m2:gold',
      '1:m2:noop',
    ]);
    expect(new Set(attempts.map((a) => a.plan.key)).size).toBe(8);
    const again = planAttempts(tasks, [createGoldAgent(), createNoopAgent()], 2);
    expect(again.attempts.map((a) => a.plan.key)).toEqual(attempts.map((a) => a.plan.key));
    expect(attempts[0]?.plan.key).toBe(
      attemptKey(tasks[0]?.contentHash ?? '', { agent: 'gold' }, 0),
    );
  });

  it('changes the key when the task content changes', () => {
    const edited = { ...managerTask('m1', 1000, 3, 1), contentHash: 'other' };
    const a = planAttempts([tasks[0] ?? edited], [createGoldAgent()], 1).attempts[0];
    const b = planAttempts([edited], [createGoldAgent()], 1).attempts[0];
    expect(a?.plan.key).not.toBe(b?.plan.key);
  });

  it('skips unrunnable IC tasks and kinds an agent does not do, and says why', () => {
    const ic = [unrunnableIcTask('i1', 1000), unrunnableIcTask('i2', 500)];
    const { attempts, skipped } = planAttempts(
      [...tasks, ...ic],
      [createGoldAgent(), createRandomAgent()],
      1,
    );
    expect(attempts).toHaveLength(4);
    expect(skipped.map(describeSkipped)).toEqual([
      `2 IC tasks skipped ($1,500): ${OFFICIAL_IMAGE_NEEDED}`,
    ]);
  });

  it('refuses the same agent twice', () => {
    expect(() => planAttempts(tasks, [createGoldAgent(), createGoldAgent()], 1)).toThrow(
      /agent "gold" is given twice/,
    );
  });
});

describe('selectTasks', () => {
  const tasks = [
    managerTask('a', 500, 2, 0, ['diamond']),
    managerTask('b', 1000, 2, 0),
    unrunnableIcTask('c', 2000),
  ];
  const none: TaskFilters = NO_FILTERS;

  it('keeps tasks matching every filter', () => {
    const ids = (f: Partial<TaskFilters>) =>
      selectTasks(tasks, { ...none, ...f }, 'mem').map((t) => t.id);
    expect(ids({})).toEqual(['a', 'b', 'c']);
    expect(ids({ kinds: ['swe_manager'] })).toEqual(['a', 'b']);
    expect(ids({ tags: ['diamond'] })).toEqual(['a']);
    expect(ids({ minPrice: 1000 })).toEqual(['b', 'c']);
    expect(ids({ maxPrice: 1000, kinds: ['swe_manager'] })).toEqual(['a', 'b']);
    expect(ids({ ids: ['c'] })).toEqual(['c']);
    expect(ids({ ids: ['?', 'b*'] })).toEqual(['a', 'b', 'c']);
  });

  it('names an --id that matches no task', () => {
    expect(() => selectTasks(tasks, { ...none, ids: ['zz'] }, 'mem')).toThrow(
      /--id zz: no such task in mem/,
    );
  });
});
