import type { ReportSummaryDto } from '../../shared/api-types.ts';
import type { ReportStatus } from '../../shared/report-status.ts';

export interface ReportRow {
  id: number;
  workspace_id: number;
  user_id: number;
  owner_name: string;
  owner_email: string;
  title: string;
  status: ReportStatus;
  expense_count: number;
  total_minor: number;
  currency: string;
  submitted_at: string | null;
  decided_by: number | null;
  decided_at: string | null;
  rejection_reason: string | null;
  reimbursed_at: string | null;
  created_at: string;
  updated_at: string;
}

export const REPORT_SELECT = `SELECT r.id, r.workspace_id, r.user_id, u.name AS owner_name, u.email AS owner_email,
  r.title, r.status,
  (SELECT COUNT(*) FROM expenses e WHERE e.report_id = r.id) AS expense_count,
  (SELECT COALESCE(SUM(e.converted_minor), 0) FROM expenses e WHERE e.report_id = r.id) AS total_minor,
  w.currency, r.submitted_at, r.decided_by, r.decided_at, r.rejection_reason, r.reimbursed_at,
  r.created_at, r.updated_at
  FROM reports r JOIN users u ON u.id = r.user_id JOIN workspaces w ON w.id = r.workspace_id`;

export function toReportSummary(row: ReportRow): ReportSummaryDto {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    title: row.title,
    status: row.status,
    owner: { id: row.user_id, name: row.owner_name, email: row.owner_email },
    expenseCount: row.expense_count,
    totalMinor: row.total_minor,
    currency: row.currency,
    submittedAt: row.submitted_at,
    decidedAt: row.decided_at,
    reimbursedAt: row.reimbursed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
