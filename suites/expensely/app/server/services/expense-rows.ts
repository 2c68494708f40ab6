import type { ExpenseDto } from '../../shared/api-types.ts';
import { formatMoney } from '../../shared/money.ts';
import { isLocked, type ReportStatus } from '../../shared/report-status.ts';

/** The joined row every expense read uses, and its conversion to the API shape. */
export interface ExpenseRow {
  id: number;
  workspace_id: number;
  user_id: number;
  owner_name: string;
  owner_email: string;
  merchant: string;
  amount_minor: number;
  currency: string;
  converted_minor: number;
  workspace_currency: string;
  exchange_rate: string;
  category: string;
  spent_on: string;
  description: string;
  report_id: number | null;
  report_title: string | null;
  report_status: ReportStatus | null;
  receipt_id: number | null;
  receipt_file_name: string | null;
  receipt_content_type: string | null;
  receipt_size: number | null;
  max_expense_minor: number | null;
  receipt_required_over_minor: number | null;
  category_enabled: number | null;
  created_at: string;
  updated_at: string;
}

export const EXPENSE_SELECT = `SELECT e.id, e.workspace_id, e.user_id, u.name AS owner_name, u.email AS owner_email,
  e.merchant, e.amount_minor, e.currency, e.converted_minor, w.currency AS workspace_currency,
  e.exchange_rate, e.category, e.spent_on, e.description, e.report_id, r.title AS report_title,
  r.status AS report_status, e.receipt_id, rc.file_name AS receipt_file_name,
  rc.content_type AS receipt_content_type, rc.size_bytes AS receipt_size,
  w.max_expense_minor, w.receipt_required_over_minor, c.enabled AS category_enabled,
  e.created_at, e.updated_at
  FROM expenses e
  JOIN users u ON u.id = e.user_id
  JOIN workspaces w ON w.id = e.workspace_id
  LEFT JOIN reports r ON r.id = e.report_id
  LEFT JOIN receipts rc ON rc.id = e.receipt_id
  LEFT JOIN categories c ON c.workspace_id = e.workspace_id AND c.name = e.category`;

/** Workspace rules an expense breaks; shown as warnings and enforced when a report is submitted. */
export function policyViolations(row: ExpenseRow): string[] {
  const violations: string[] = [];
  if (row.max_expense_minor !== null && row.converted_minor > row.max_expense_minor) {
    violations.push(
      `Over the workspace limit of ${formatMoney(row.max_expense_minor, row.workspace_currency)}`,
    );
  }
  if (
    row.receipt_required_over_minor !== null &&
    row.converted_minor > row.receipt_required_over_minor &&
    row.receipt_id === null
  ) {
    violations.push(
      `Receipt required for expenses over ${formatMoney(row.receipt_required_over_minor, row.workspace_currency)}`,
    );
  }
  if (row.category_enabled === 0) violations.push(`Category "${row.category}" is no longer in use`);
  return violations;
}

export function toExpenseDto(row: ExpenseRow, viewerId: number): ExpenseDto {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    owner: { id: row.user_id, name: row.owner_name, email: row.owner_email },
    merchant: row.merchant,
    amountMinor: row.amount_minor,
    currency: row.currency,
    convertedMinor: row.converted_minor,
    workspaceCurrency: row.workspace_currency,
    exchangeRate: row.exchange_rate,
    category: row.category,
    date: row.spent_on,
    description: row.description,
    reportId: row.report_id,
    reportTitle: row.report_title,
    reportStatus: row.report_status,
    receipt:
      row.receipt_id === null
        ? null
        : {
            id: row.receipt_id,
            fileName: row.receipt_file_name ?? '',
            contentType: row.receipt_content_type ?? '',
            sizeBytes: row.receipt_size ?? 0,
            url: `/api/receipts/${row.receipt_id}`,
          },
    editable:
      row.user_id === viewerId && (row.report_status === null || !isLocked(row.report_status)),
    policyViolations: policyViolations(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
