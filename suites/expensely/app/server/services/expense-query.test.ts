import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seededEnv, type TestEnv } from '../testing/fixtures.ts';

describe('expense search and filters', () => {
  let env: TestEnv;
  let carol: number;
  before(() => {
    env = seededEnv();
    carol = env.userId('carol');
  });
  after(() => env.cleanup());

  const list = (filters: Record<string, unknown>, page = 1, pageSize = 20) =>
    env.services.expenses.list(1, carol, { scope: 'mine', ...filters }, page, pageSize);

  it('paginates with a stable order and a total over all pages', () => {
    const first = list({});
    const second = list({}, 2);
    assert.equal(first.total, 26);
    assert.equal(first.totalPages, 2);
    assert.equal(first.items.length, 20);
    assert.equal(second.items.length, 6);
    assert.equal(first.items[0]?.merchant, 'Zoom');
    assert.equal(second.items.at(-1)?.merchant, 'Delta Air Lines');
    assert.equal(first.totalConvertedMinor, second.totalConvertedMinor);
  });

  it('filters by an inclusive date range', () => {
    const result = list({ from: '2025-03-03', to: '2025-03-05' });
    assert.deepEqual(
      result.items.map((e) => e.date),
      ['2025-03-05', '2025-03-04', '2025-03-03'],
    );
  });

  it('searches merchant and description, case-insensitively', () => {
    assert.deepEqual(
      list({ text: 'osaka' })
        .items.map((e) => e.merchant)
        .sort(),
      ['Hotel Granvia Osaka', 'Ichiran Ramen', 'Shinkansen Ticket Office'],
    );
  });

  it('treats % and _ in a search as plain text', () => {
    assert.equal(list({ text: '%' }).total, 0);
  });

  it('filters by status, including unreported', () => {
    assert.equal(list({ statuses: ['unreported'] }).total, 13);
    assert.equal(list({ statuses: ['reimbursed'] }).total, 4);
    assert.equal(list({ statuses: ['draft', 'submitted'] }).total, 9);
  });

  it('filters by category and by converted amount bounds', () => {
    const meals = list({ categories: ['Meals'] });
    assert.ok(meals.items.every((e) => e.category === 'Meals'));
    const range = list({ minMinor: 10000, maxMinor: 35000 });
    assert.ok(range.items.every((e) => e.convertedMinor >= 10000 && e.convertedMinor <= 35000));
    assert.deepEqual(range.items.map((e) => e.merchant).sort(), [
      'Amazon',
      'Best Buy',
      'Hotel Granvia Osaka',
      'WeWork',
    ]);
  });

  it('sorts by amount', () => {
    const items = list({ sort: 'amount_desc' }, 1, 3).items;
    assert.deepEqual(
      items.map((e) => e.merchant),
      ['British Airways', 'The Hoxton Holborn', 'Delta Air Lines'],
    );
  });
});
