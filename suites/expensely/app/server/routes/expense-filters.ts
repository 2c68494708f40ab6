import { getCurrency } from '../../shared/currencies.ts';
import type { RequestContext } from '../http/context.ts';
import { badRequest } from '../http/errors.ts';
import {
  type ExpenseFilters,
  isExpenseSort,
  parseStatusFilter,
} from '../services/expense-query.ts';
import { queryAmount, queryDate, queryList, queryText } from '../validation/query.ts';

/** Reads the expense filters shared by the list and the CSV export from the query string. */
export function readExpenseFilters(
  ctx: RequestContext,
  workspaceCurrency: string,
): ExpenseFilters & { scope: 'mine' | 'all' } {
  const { query } = ctx;
  const scope = query.get('scope') ?? 'mine';
  if (scope !== 'mine' && scope !== 'all') throw badRequest('scope must be "mine" or "all"');
  const sort = query.get('sort') ?? 'date_desc';
  if (!isExpenseSort(sort)) {
    throw badRequest(
      'sort must be one of date_desc, date_asc, amount_desc, amount_asc, merchant_asc',
    );
  }
  const from = queryDate(query, 'from');
  const to = queryDate(query, 'to');
  if (from && to && from > to) throw badRequest('from must be on or before to');
  const { decimals } = getCurrency(workspaceCurrency);
  const minMinor = queryAmount(query, 'min', decimals);
  const maxMinor = queryAmount(query, 'max', decimals);
  if (minMinor !== undefined && maxMinor !== undefined && minMinor > maxMinor) {
    throw badRequest('min must not be greater than max');
  }
  const owner = query.get('owner');
  let ownerId: number | undefined;
  if (owner) {
    if (!/^\d+$/.test(owner)) throw badRequest('owner must be a user id');
    ownerId = Number(owner);
  }
  return {
    scope,
    sort,
    text: queryText(query, 'q'),
    from,
    to,
    categories: queryList(query, 'category'),
    statuses: parseStatusFilter(queryList(query, 'status')),
    minMinor,
    maxMinor,
    ownerId,
  };
}
