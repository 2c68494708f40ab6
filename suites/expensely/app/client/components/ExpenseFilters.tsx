import { type FormEvent, useEffect, useState } from 'react';
import type { CategoryDto } from '../../shared/api-types.ts';
import { STATUS_LABELS } from '../../shared/report-status.ts';
import {
  EMPTY_FILTERS,
  type ExpenseFilterState,
  validateFilters,
} from '../utils/expense-filters.ts';
import { SelectField, TextField } from './Field.tsx';

const SORTS = [
  { value: 'date_desc', label: 'Newest first' },
  { value: 'date_asc', label: 'Oldest first' },
  { value: 'amount_desc', label: 'Highest amount' },
  { value: 'amount_asc', label: 'Lowest amount' },
  { value: 'merchant_asc', label: 'Merchant A–Z' },
];

const STATUS_OPTIONS = [
  { value: 'unreported', label: 'Unreported' },
  ...Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label })),
];

interface ExpenseFiltersProps {
  value: ExpenseFilterState;
  categories: CategoryDto[];
  canViewAll: boolean;
  currency: string;
  onChange(next: ExpenseFilterState): void;
}

export function ExpenseFilters({
  value,
  categories,
  canViewAll,
  currency,
  onChange,
}: ExpenseFiltersProps) {
  const [draft, setDraft] = useState(value);
  const [problem, setProblem] = useState<string | undefined>();

  useEffect(() => setDraft(value), [value]);

  function set<K extends keyof ExpenseFilterState>(key: K, next: ExpenseFilterState[K]) {
    setDraft((current) => ({ ...current, [key]: next }));
  }

  function apply(event: FormEvent) {
    event.preventDefault();
    const error = validateFilters(draft);
    setProblem(error);
    if (!error) onChange({ ...draft, page: 1 });
  }

  return (
    <search>
      <form className="filters" aria-label="Filter expenses" onSubmit={apply}>
        <div className="filters-grid">
          <TextField
            label="Search"
            type="search"
            placeholder="Merchant or description"
            value={draft.q}
            onChange={(e) => set('q', e.target.value)}
          />
          <TextField
            label="From"
            type="date"
            value={draft.from}
            onChange={(e) => set('from', e.target.value)}
          />
          <TextField
            label="To"
            type="date"
            value={draft.to}
            onChange={(e) => set('to', e.target.value)}
          />
          <SelectField
            label="Category"
            value={draft.category}
            onChange={(e) => set('category', e.target.value)}
            placeholder="All categories"
            options={categories.map((c) => ({ value: c.name, label: c.name }))}
          />
          <SelectField
            label="Status"
            value={draft.status}
            onChange={(e) => set('status', e.target.value)}
            placeholder="Any status"
            options={STATUS_OPTIONS}
          />
          <TextField
            label={`Min amount (${currency})`}
            inputMode="decimal"
            value={draft.min}
            onChange={(e) => set('min', e.target.value)}
          />
          <TextField
            label={`Max amount (${currency})`}
            inputMode="decimal"
            value={draft.max}
            onChange={(e) => set('max', e.target.value)}
          />
          <SelectField
            label="Sort by"
            value={draft.sort}
            onChange={(e) => set('sort', e.target.value)}
            options={SORTS}
          />
          {canViewAll ? (
            <SelectField
              label="Show"
              value={draft.scope}
              onChange={(e) => set('scope', e.target.value === 'all' ? 'all' : 'mine')}
              options={[
                { value: 'mine', label: 'My expenses' },
                { value: 'all', label: 'Everyone in the workspace' },
              ]}
            />
          ) : null}
        </div>
        {problem ? (
          <p className="field-error" role="alert">
            {problem}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            Apply filters
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setProblem(undefined);
              onChange({ ...EMPTY_FILTERS, scope: draft.scope });
            }}
          >
            Clear filters
          </button>
        </div>
      </form>
    </search>
  );
}
