import { toDecimalString } from '../../shared/money.ts';
import { STATUS_LABELS } from '../../shared/report-status.ts';
import { can } from '../../shared/roles.ts';
import { many } from '../db/database.ts';
import { forbidden } from '../http/errors.ts';
import { membershipOf } from './access.ts';
import { toCsv } from './csv.ts';
import type { ServiceDeps } from './deps.ts';
import { allExpenses, type ExpenseFilters } from './expense-query.ts';
import { REPORT_SELECT, type ReportRow } from './report-rows.ts';

export function createExportsService({ db }: ServiceDeps) {
  return {
    expensesCsv(
      workspaceId: number,
      userId: number,
      filters: ExpenseFilters & { scope: 'mine' | 'all' },
    ): string {
      const member = membershipOf(db, workspaceId, userId);
      if (filters.scope === 'all' && !can(member.role, 'expenses.viewAll')) {
        throw forbidden("Only approvers and admins can export everyone's expenses");
      }
      const ownerId = filters.scope === 'mine' ? userId : filters.ownerId;
      const expenses = allExpenses(db, workspaceId, userId, { ...filters, ownerId });
      return toCsv(
        [
          'Date',
          'Merchant',
          'Category',
          'Amount',
          'Currency',
          'Converted amount',
          'Workspace currency',
          'Exchange rate',
          'Owner',
          'Report',
          'Status',
          'Description',
        ],
        expenses.map((e) => [
          e.date,
          e.merchant,
          e.category,
          toDecimalString(e.amountMinor, e.currency),
          e.currency,
          toDecimalString(e.convertedMinor, e.workspaceCurrency),
          e.workspaceCurrency,
          e.exchangeRate,
          e.owner.email,
          e.reportTitle,
          e.reportStatus ? STATUS_LABELS[e.reportStatus] : 'Unreported',
          e.description,
        ]),
      );
    },

    reportsCsv(workspaceId: number, userId: number): string {
      const member = membershipOf(db, workspaceId, userId);
      const rows = can(member.role, 'reports.viewAll')
        ? many<ReportRow>(
            db,
            `${REPORT_SELECT} WHERE r.workspace_id = ? AND (r.user_id = ? OR r.status != 'draft') ORDER BY r.id`,
            workspaceId,
            userId,
          )
        : many<ReportRow>(
            db,
            `${REPORT_SELECT} WHERE r.workspace_id = ? AND r.user_id = ? ORDER BY r.id`,
            workspaceId,
            userId,
          );
      return toCsv(
        [
          'Report ID',
          'Title',
          'Owner',
          'Status',
          'Expenses',
          'Total',
          'Currency',
          'Submitted',
          'Decided',
          'Reimbursed',
        ],
        rows.map((r) => [
          r.id,
          r.title,
          r.owner_email,
          STATUS_LABELS[r.status],
          r.expense_count,
          toDecimalString(r.total_minor, r.currency),
          r.currency,
          r.submitted_at?.slice(0, 10) ?? null,
          r.decided_at?.slice(0, 10) ?? null,
          r.reimbursed_at?.slice(0, 10) ?? null,
        ]),
      );
    },
  };
}

export type ExportsService = ReturnType<typeof createExportsService>;
