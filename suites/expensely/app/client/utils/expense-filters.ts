/**
 * The expense list's filters live in the URL so that a filtered view can be bookmarked, shared
 * and restored with the back button. These helpers convert between the two forms.
 */
export interface ExpenseFilterState {
  q: string;
  from: string;
  to: string;
  category: string;
  status: string;
  min: string;
  max: string;
  scope: 'mine' | 'all';
  sort: string;
  page: number;
}

export const EMPTY_FILTERS: ExpenseFilterState = {
  q: '',
  from: '',
  to: '',
  category: '',
  status: '',
  min: '',
  max: '',
  scope: 'mine',
  sort: 'date_desc',
  page: 1,
};

export function filtersFromParams(params: URLSearchParams): ExpenseFilterState {
  const page = Number(params.get('page') ?? '1');
  return {
    q: params.get('q') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    category: params.get('category') ?? '',
    status: params.get('status') ?? '',
    min: params.get('min') ?? '',
    max: params.get('max') ?? '',
    scope: params.get('scope') === 'all' ? 'all' : 'mine',
    sort: params.get('sort') ?? 'date_desc',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** Only non-default values go into the URL, keeping links short. */
export function filtersToParams(filters: ExpenseFilterState): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['q', 'from', 'to', 'category', 'status', 'min', 'max'] as const) {
    const value = filters[key].trim();
    if (value !== '') params.set(key, value);
  }
  if (filters.scope !== 'mine') params.set('scope', filters.scope);
  if (filters.sort !== 'date_desc') params.set('sort', filters.sort);
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

export function activeFilterCount(filters: ExpenseFilterState): number {
  return (['q', 'from', 'to', 'category', 'status', 'min', 'max'] as const).filter(
    (k) => filters[k].trim() !== '',
  ).length;
}

/** Problems the server would reject, caught before the request. */
export function validateFilters(filters: ExpenseFilterState): string | undefined {
  if (filters.from && filters.to && filters.from > filters.to)
    return 'The start date must be before the end date';
  const amount = /^\d+(\.\d{1,2})?$/;
  if (filters.min && !amount.test(filters.min))
    return 'Minimum amount must be a number like 10 or 10.50';
  if (filters.max && !amount.test(filters.max))
    return 'Maximum amount must be a number like 10 or 10.50';
  if (filters.min && filters.max && Number(filters.min) > Number(filters.max)) {
    return 'Minimum amount cannot be greater than the maximum';
  }
  return undefined;
}
