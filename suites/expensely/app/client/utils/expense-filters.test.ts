import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  activeFilterCount,
  EMPTY_FILTERS,
  filtersFromParams,
  filtersToParams,
  validateFilters,
} from './expense-filters.ts';
import { pageWindow, rangeLabel } from './pagination.ts';

describe('expense filters in the URL', () => {
  it('round-trips through query parameters and leaves defaults out', () => {
    const filters = {
      ...EMPTY_FILTERS,
      q: 'uber',
      from: '2025-01-01',
      scope: 'all' as const,
      page: 2,
    };
    const params = filtersToParams(filters);
    assert.equal(params.toString(), 'q=uber&from=2025-01-01&scope=all&page=2');
    assert.deepEqual(filtersFromParams(params), filters);
    assert.equal(filtersToParams(EMPTY_FILTERS).toString(), '');
  });

  it('ignores nonsense page numbers', () => {
    assert.equal(filtersFromParams(new URLSearchParams('page=-3')).page, 1);
    assert.equal(filtersFromParams(new URLSearchParams('page=abc')).page, 1);
  });

  it('counts active filters and explains invalid ones', () => {
    assert.equal(activeFilterCount({ ...EMPTY_FILTERS, category: 'Meals', min: '5' }), 2);
    assert.equal(
      validateFilters({ ...EMPTY_FILTERS, from: '2025-02-01', to: '2025-01-01' }),
      'The start date must be before the end date',
    );
    assert.equal(
      validateFilters({ ...EMPTY_FILTERS, min: '20', max: '10' }),
      'Minimum amount cannot be greater than the maximum',
    );
    assert.equal(
      validateFilters({ ...EMPTY_FILTERS, min: '1.234' }),
      'Minimum amount must be a number like 10 or 10.50',
    );
  });
});

describe('pagination helpers', () => {
  it('shows the first, last and neighbouring pages with gaps', () => {
    assert.deepEqual(pageWindow(7, 12), [1, null, 6, 7, 8, null, 12]);
    assert.deepEqual(pageWindow(1, 3), [1, 2, 3]);
    assert.deepEqual(pageWindow(1, 1), [1]);
  });

  it('labels the visible range', () => {
    assert.equal(rangeLabel(2, 20, 26), 'Showing 21–26 of 26');
    assert.equal(rangeLabel(1, 20, 0), 'No results');
  });
});
