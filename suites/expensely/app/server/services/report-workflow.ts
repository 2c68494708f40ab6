import type { ReimbursementDto, ReportDetailDto } from '../../shared/api-types.ts';
import { formatMoney } from '../../shared/money.ts';
import { canTransition, nextStatus, type ReportAction } from '../../shared/report-status.ts';
import { can } from '../../shared/roles.ts';
import { type Db, many, one, run, transaction } from '../db/database.ts';
import { conflict, forbidden, HttpError, validationFailed } from '../http/errors.ts';
import type { Membership } from './access.ts';
import type { AuditService } from './audit.ts';
import type { ServiceDeps } from './deps.ts';
import { EXPENSE_SELECT, type ExpenseRow, policyViolations } from './expense-rows.ts';
import type { ReportRow } from './report-rows.ts';
import type { ReportsService } from './reports.ts';

type AllowedAction = ReportDetailDto['allowedActions'][number];

/** What the viewer may do with a report right now; mirrors the checks in `transition`. */
export function allowedActions(
  row: ReportRow,
  member: Membership,
  userId: number,
): AllowedAction[] {
  const actions: AllowedAction[] = [];
  const isOwner = row.user_id === userId;
  if (isOwner && row.status === 'draft') actions.push('edit');
  if (isOwner && canTransition('submit', row.status) && row.expense_count > 0)
    actions.push('submit');
  if (!isOwner && can(member.role, 'reports.approve') && canTransition('approve', row.status)) {
    actions.push('approve', 'reject');
  }
  if (isOwner && canTransition('reopen', row.status)) actions.push('reopen');
  if (can(member.role, 'reports.reimburse') && canTransition('reimburse', row.status)) {
    actions.push('reimburse');
  }
  return actions;
}

export function loadReimbursement(db: Db, reportId: number): ReimbursementDto | null {
  const row = one<{
    amount_minor: number;
    currency: string;
    reference: string;
    bank_name: string;
    account_last4: string;
    paid_by: number;
    payer_name: string;
    payer_email: string;
    created_at: string;
  }>(
    db,
    `SELECT p.amount_minor, p.currency, p.reference, b.bank_name, b.account_last4, p.paid_by,
       u.name AS payer_name, u.email AS payer_email, p.created_at
     FROM reimbursements p JOIN bank_accounts b ON b.id = p.bank_account_id
     JOIN users u ON u.id = p.paid_by WHERE p.report_id = ?`,
    reportId,
  );
  if (!row) return null;
  return {
    amountMinor: row.amount_minor,
    currency: row.currency,
    reference: row.reference,
    bankName: row.bank_name,
    accountLast4: row.account_last4,
    paidBy: { id: row.paid_by, name: row.payer_name, email: row.payer_email },
    createdAt: row.created_at,
  };
}

const ACTION_VERBS: Record<ReportAction, string> = {
  submit: 'submitted',
  approve: 'approved',
  reject: 'rejected',
  reopen: 'reopened',
  reimburse: 'reimbursed',
};

export function createWorkflowService(
  deps: ServiceDeps,
  audit: AuditService,
  reports: ReportsService,
) {
  const { db, clock } = deps;

  function guard(action: ReportAction, row: ReportRow, member: Membership, userId: number): void {
    const isOwner = row.user_id === userId;
    if (!canTransition(action, row.status)) {
      throw conflict(`A report that is ${row.status} cannot be ${ACTION_VERBS[action]}`);
    }
    switch (action) {
      case 'submit':
      case 'reopen':
        if (!isOwner) throw forbidden(`Only the report owner can ${action} it`);
        break;
      case 'approve':
      case 'reject':
        if (!can(member.role, 'reports.approve'))
          throw forbidden('Only approvers and admins can review reports');
        if (isOwner) throw forbidden('You cannot review your own report');
        break;
      case 'reimburse':
        if (!can(member.role, 'reports.reimburse'))
          throw forbidden('Only admins can reimburse reports');
        break;
    }
  }

  function checkSubmittable(reportId: number): void {
    const expenses = many<ExpenseRow>(db, `${EXPENSE_SELECT} WHERE e.report_id = ?`, reportId);
    if (expenses.length === 0) throw conflict('Add at least one expense before submitting');
    const problems: Record<string, string> = {};
    for (const expense of expenses) {
      const violations = policyViolations(expense);
      if (violations.length > 0)
        problems[`expense-${expense.id}`] = `${expense.merchant}: ${violations.join('; ')}`;
    }
    if (Object.keys(problems).length > 0) {
      throw new HttpError(
        422,
        'policy_violation',
        'Some expenses break workspace policy. Fix them before submitting.',
        problems,
      );
    }
  }

  function reimburse(row: ReportRow, userId: number): void {
    const account = one<{ id: number; bank_name: string; account_last4: string }>(
      db,
      'SELECT id, bank_name, account_last4 FROM bank_accounts WHERE user_id = ? AND is_default = 1',
      row.user_id,
    );
    if (!account) {
      throw conflict(`${row.owner_name} has no default bank account for reimbursement`);
    }
    const reference = `EXP-${String(row.workspace_id).padStart(3, '0')}-${String(row.id).padStart(6, '0')}`;
    run(
      db,
      `INSERT INTO reimbursements (report_id, bank_account_id, amount_minor, currency, reference, paid_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      row.id,
      account.id,
      row.total_minor,
      row.currency,
      reference,
      userId,
      clock.iso(),
    );
  }

  return {
    transition(
      reportId: number,
      userId: number,
      action: ReportAction,
      options: { reason?: string } = {},
    ): ReportDetailDto {
      const { row, member } = reports.visible(reportId, userId);
      guard(action, row, member, userId);
      const reason = options.reason?.trim() ?? '';
      if (action === 'reject' && reason === '') {
        throw validationFailed({ reason: 'Tell the submitter why the report is rejected' });
      }
      if (action === 'submit') checkSubmittable(reportId);
      const now = clock.iso();
      transaction(db, () => {
        const status = nextStatus(action);
        switch (action) {
          case 'submit':
            run(
              db,
              `UPDATE reports SET status = ?, submitted_at = ?, decided_by = NULL, decided_at = NULL,
                 rejection_reason = NULL, updated_at = ? WHERE id = ?`,
              status,
              now,
              now,
              reportId,
            );
            break;
          case 'approve':
          case 'reject':
            run(
              db,
              `UPDATE reports SET status = ?, decided_by = ?, decided_at = ?, rejection_reason = ?, updated_at = ?
               WHERE id = ?`,
              status,
              userId,
              now,
              action === 'reject' ? reason : null,
              now,
              reportId,
            );
            break;
          case 'reopen':
            run(
              db,
              'UPDATE reports SET status = ?, submitted_at = NULL, updated_at = ? WHERE id = ?',
              status,
              now,
              reportId,
            );
            break;
          case 'reimburse':
            reimburse(row, userId);
            run(
              db,
              'UPDATE reports SET status = ?, reimbursed_at = ?, updated_at = ? WHERE id = ?',
              status,
              now,
              now,
              reportId,
            );
            break;
        }
        audit.record({
          workspaceId: row.workspace_id,
          actorId: userId,
          action: `report.${ACTION_VERBS[action]}`,
          entityType: 'report',
          entityId: reportId,
          details:
            action === 'reject'
              ? { reason }
              : {
                  total: formatMoney(row.total_minor, row.currency),
                  expenseCount: row.expense_count,
                },
        });
      });
      return reports.detail(reportId, userId);
    },
  };
}

export type WorkflowService = ReturnType<typeof createWorkflowService>;
