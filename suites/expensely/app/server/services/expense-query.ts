import type { ExpenseListDto } from '../../shared/api-types.ts';
import { isReportStatus } from '../../shared/report-status.ts';
import { type Db, many, one, type Param } from '../db/database.ts';
import { badRequest } from '../http/errors.ts';
import { EXPENSE_SELECT, type ExpenseRow, toExpenseDto } from './expense-rows.ts';

export const EXPENSE_SORTS = {
  date_desc: 'e.spent_on DESC, e.id DESC',
  date_asc: 'e.spent_on ASC, e.id ASC',
  amount_desc: 'e.converted_minor DESC, e.id DESC',
  amount_asc: 'e.converted_minor ASC, e.id ASC',
  merchant_asc: 'e.merchant COLLATE NOCASE ASC, e.id ASC',
} as const;
export type ExpenseSort = keyof typeof EXPENSE_SORTS;

export function isExpenseSort(value: string): value is ExpenseSort {
  return Object.hasOwn(EXPENSE_SORTS, value);
}

/** Status filter values: a report status, or "unreported" for expenses not on any report. */
export type ExpenseStatusFilter =
  | 'unreported'
  | 'draft'
  | 'submitted'
  | 'approved'
  | 'rejected'
  | 'reimbursed';

export interface ExpenseFilters {
  text?: string;
  from?: string;
  to?: string;
  categories?: string[];
  statuses?: ExpenseStatusFilter[];
  /** Bounds on the amount in the workspace currency, inclusive. */
  minMinor?: number;
  maxMinor?: number;
  /** Restrict to one owner; undefined means every expense the viewer may see. */
  ownerId?: number;
  reportId?: number;
  sort?: ExpenseSort;
}

export function parseStatusFilter(values: string[]): ExpenseStatusFilter[] {
  return values.map((v) => {
    if (v !== 'unreported' && !isReportStatus(v)) {
      throw badRequest(
        `status must be unreported, draft, submitted, approved, rejected or reimbursed (got "${v}")`,
      );
    }
    return v as ExpenseStatusFilter;
  });
}

/** Escapes LIKE wildcards so that a search for "50%" finds the text "50%". */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function buildWhere(
  workspaceId: number,
  filters: ExpenseFilters,
): { sql: string; params: Param[] } {
  const clauses = ['e.workspace_id = ?'];
  const params: Param[] = [workspaceId];
  if (filters.ownerId !== undefined) {
    clauses.push('e.user_id = ?');
    params.push(filters.ownerId);
  }
  if (filters.reportId !== undefined) {
    clauses.push('e.report_id = ?');
    params.push(filters.reportId);
  }
  if (filters.text) {
    clauses.push("(e.merchant LIKE ? ESCAPE '\\' OR e.description LIKE ? ESCAPE '\\')");
    const pattern = likePattern(filters.text);
    params.push(pattern, pattern);
  }
  if (filters.from) {
    clauses.push('e.spent_on >= ?');
    params.push(filters.from);
  }
  if (filters.to) {
    clauses.push('e.spent_on <= ?');
    params.push(filters.to);
  }
  if (filters.categories && filters.categories.length > 0) {
    clauses.push(`e.category IN (${filters.categories.map(() => '?').join(', ')})`);
    params.push(...filters.categories);
  }
  if (filters.statuses && filters.statuses.length > 0) {
    const parts: string[] = [];
    const reportStatuses = filters.statuses.filter((s) => s !== 'unreported');
    if (filters.statuses.includes('unreported')) parts.push('e.report_id IS NULL');
    if (reportStatuses.length > 0) {
      parts.push(`r.status IN (${reportStatuses.map(() => '?').join(', ')})`);
      params.push(...reportStatuses);
    }
    clauses.push(`(${parts.join(' OR ')})`);
  }
  if (filters.minMinor !== undefined) {
    clauses.push('e.converted_minor >= ?');
    params.push(filters.minMinor);
  }
  if (filters.maxMinor !== undefined) {
    clauses.push('e.converted_minor <= ?');
    params.push(filters.maxMinor);
  }
  return { sql: clauses.join(' AND '), params };
}

export function queryExpenses(
  db: Db,
  workspaceId: number,
  viewerId: number,
  filters: ExpenseFilters,
  page: number,
  pageSize: number,
): ExpenseListDto {
  const { sql, params } = buildWhere(workspaceId, filters);
  const summary = one<{ n: number; total: number | null; currency: string }>(
    db,
    `SELECT COUNT(*) AS n, SUM(e.converted_minor) AS total,
       (SELECT currency FROM workspaces WHERE id = ?) AS currency
     FROM expenses e LEFT JOIN reports r ON r.id = e.report_id WHERE ${sql}`,
    workspaceId,
    ...params,
  );
  const total = summary?.n ?? 0;
  const totalPages = Math.max(1, Math.ceil(total / pageSize));
  const order = EXPENSE_SORTS[filters.sort ?? 'date_desc'];
  const rows = many<ExpenseRow>(
    db,
    `${EXPENSE_SELECT} WHERE ${sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
    ...params,
    pageSize,
    (page - 1) * pageSize,
  );
  return {
    items: rows.map((row) => toExpenseDto(row, viewerId)),
    page,
    pageSize,
    total,
    totalPages,
    totalConvertedMinor: summary?.total ?? 0,
    currency: summary?.currency ?? 'USD',
  };
}

/** Every matching expense, unpaginated, for exports. */
export function allExpenses(
  db: Db,
  workspaceId: number,
  viewerId: number,
  filters: ExpenseFilters,
) {
  const { sql, params } = buildWhere(workspaceId, filters);
  const order = EXPENSE_SORTS[filters.sort ?? 'date_desc'];
  return many<ExpenseRow>(db, `${EXPENSE_SELECT} WHERE ${sql} ORDER BY ${order}`, ...params).map(
    (row) => toExpenseDto(row, viewerId),
  );
}
