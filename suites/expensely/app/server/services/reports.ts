import type { Page, ReportDetailDto, ReportSummaryDto } from '../../shared/api-types.ts';
import type { ReportStatus } from '../../shared/report-status.ts';
import { can } from '../../shared/roles.ts';
import { validateReportTitle } from '../../shared/validation.ts';
import { many, one, type Param, run, transaction } from '../db/database.ts';
import { badRequest, conflict, forbidden, notFound, validationFailed } from '../http/errors.ts';
import { type Membership, membershipOf } from './access.ts';
import type { AuditService } from './audit.ts';
import type { CommentsService } from './comments.ts';
import type { ServiceDeps } from './deps.ts';
import { EXPENSE_SELECT, type ExpenseRow, toExpenseDto } from './expense-rows.ts';
import { REPORT_SELECT, type ReportRow, toReportSummary } from './report-rows.ts';
import { allowedActions, loadReimbursement } from './report-workflow.ts';

export interface ReportListOptions {
  scope: 'mine' | 'all' | 'to_approve';
  statuses: ReportStatus[];
  text?: string;
  page: number;
  pageSize: number;
}

export function createReportsService(
  deps: ServiceDeps,
  audit: AuditService,
  comments: CommentsService,
) {
  const { db, clock } = deps;

  function loadRow(reportId: number): ReportRow {
    const row = one<ReportRow>(db, `${REPORT_SELECT} WHERE r.id = ?`, reportId);
    if (!row) throw notFound('Report');
    return row;
  }

  /** Owners see their reports; approvers and admins see everyone's once they leave draft. */
  function visible(reportId: number, userId: number): { row: ReportRow; member: Membership } {
    const row = loadRow(reportId);
    let member: Membership;
    try {
      member = membershipOf(db, row.workspace_id, userId);
    } catch {
      throw notFound('Report');
    }
    const isOwner = row.user_id === userId;
    if (!isOwner && (!can(member.role, 'reports.viewAll') || row.status === 'draft')) {
      throw notFound('Report');
    }
    return { row, member };
  }

  function ownDraft(reportId: number, userId: number): ReportRow {
    const { row } = visible(reportId, userId);
    if (row.user_id !== userId) throw forbidden('Only the report owner can change it');
    if (row.status !== 'draft') throw conflict('Only draft reports can be changed');
    return row;
  }

  function touch(reportId: number): void {
    run(db, 'UPDATE reports SET updated_at = ? WHERE id = ?', clock.iso(), reportId);
  }

  function attach(report: ReportRow, expenseId: number, userId: number): void {
    const expense = one<{ user_id: number; workspace_id: number; report_id: number | null }>(
      db,
      'SELECT user_id, workspace_id, report_id FROM expenses WHERE id = ?',
      expenseId,
    );
    if (!expense || expense.workspace_id !== report.workspace_id || expense.user_id !== userId) {
      throw validationFailed({
        expenseIds: `Expense ${expenseId} is not one of your expenses here`,
      });
    }
    if (expense.report_id !== null && expense.report_id !== report.id) {
      throw conflict(`Expense ${expenseId} is already on another report`);
    }
    run(db, 'UPDATE expenses SET report_id = ? WHERE id = ?', report.id, expenseId);
  }

  function detail(reportId: number, userId: number): ReportDetailDto {
    const { row, member } = visible(reportId, userId);
    const expenses = many<ExpenseRow>(
      db,
      `${EXPENSE_SELECT} WHERE e.report_id = ? ORDER BY e.spent_on, e.id`,
      reportId,
    ).map((e) => toExpenseDto(e, userId));
    const decidedBy =
      row.decided_by === null
        ? null
        : (one<{ id: number; name: string; email: string }>(
            db,
            'SELECT id, name, email FROM users WHERE id = ?',
            row.decided_by,
          ) ?? null);
    return {
      ...toReportSummary(row),
      expenses,
      comments: comments.list(reportId),
      history: audit.forEntity('report', reportId).map((entry) => ({
        id: entry.id,
        action: entry.action,
        actor: entry.actor,
        details: entry.details,
        createdAt: entry.createdAt,
      })),
      decidedBy,
      rejectionReason: row.rejection_reason,
      reimbursement: loadReimbursement(db, reportId),
      allowedActions: allowedActions(row, member, userId),
    };
  }

  return {
    detail,

    list(workspaceId: number, userId: number, options: ReportListOptions): Page<ReportSummaryDto> {
      const member = membershipOf(db, workspaceId, userId);
      const clauses = ['r.workspace_id = ?'];
      const params: Param[] = [workspaceId];
      if (options.scope === 'mine') {
        clauses.push('r.user_id = ?');
        params.push(userId);
      } else {
        if (!can(member.role, 'reports.viewAll')) {
          throw forbidden("Only approvers and admins can see other people's reports");
        }
        clauses.push("(r.user_id = ? OR r.status != 'draft')");
        params.push(userId);
        if (options.scope === 'to_approve') {
          clauses.push("r.status = 'submitted' AND r.user_id != ?");
          params.push(userId);
        }
      }
      if (options.statuses.length > 0) {
        clauses.push(`r.status IN (${options.statuses.map(() => '?').join(', ')})`);
        params.push(...options.statuses);
      }
      if (options.text) {
        clauses.push('(r.title LIKE ? OR u.name LIKE ?)');
        params.push(`%${options.text}%`, `%${options.text}%`);
      }
      const where = clauses.join(' AND ');
      const total =
        one<{ n: number }>(
          db,
          `SELECT COUNT(*) AS n FROM reports r JOIN users u ON u.id = r.user_id WHERE ${where}`,
          ...params,
        )?.n ?? 0;
      const rows = many<ReportRow>(
        db,
        `${REPORT_SELECT} WHERE ${where} ORDER BY r.updated_at DESC, r.id DESC LIMIT ? OFFSET ?`,
        ...params,
        options.pageSize,
        (options.page - 1) * options.pageSize,
      );
      return {
        items: rows.map(toReportSummary),
        page: options.page,
        pageSize: options.pageSize,
        total,
        totalPages: Math.max(1, Math.ceil(total / options.pageSize)),
      };
    },

    create(
      workspaceId: number,
      userId: number,
      input: { title: string; expenseIds: number[] },
    ): ReportDetailDto {
      membershipOf(db, workspaceId, userId);
      const problem = validateReportTitle(input.title);
      if (problem) throw validationFailed({ title: problem });
      const id = transaction(db, () => {
        const now = clock.iso();
        const { lastId } = run(
          db,
          'INSERT INTO reports (workspace_id, user_id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
          workspaceId,
          userId,
          input.title.trim(),
          now,
          now,
        );
        const report = loadRow(lastId);
        for (const expenseId of input.expenseIds) attach(report, expenseId, userId);
        audit.record({
          workspaceId,
          actorId: userId,
          action: 'report.created',
          entityType: 'report',
          entityId: lastId,
          details: { title: input.title.trim(), expenseCount: input.expenseIds.length },
        });
        return lastId;
      });
      return detail(id, userId);
    },

    rename(reportId: number, userId: number, title: string): ReportDetailDto {
      const row = ownDraft(reportId, userId);
      const problem = validateReportTitle(title);
      if (problem) throw validationFailed({ title: problem });
      run(
        db,
        'UPDATE reports SET title = ?, updated_at = ? WHERE id = ?',
        title.trim(),
        clock.iso(),
        reportId,
      );
      audit.record({
        workspaceId: row.workspace_id,
        actorId: userId,
        action: 'report.renamed',
        entityType: 'report',
        entityId: reportId,
        details: { from: row.title, to: title.trim() },
      });
      return detail(reportId, userId);
    },

    addExpenses(reportId: number, userId: number, expenseIds: number[]): ReportDetailDto {
      if (expenseIds.length === 0) throw badRequest('Choose at least one expense to add');
      const row = ownDraft(reportId, userId);
      transaction(db, () => {
        for (const expenseId of expenseIds) attach(row, expenseId, userId);
        touch(reportId);
      });
      audit.record({
        workspaceId: row.workspace_id,
        actorId: userId,
        action: 'report.expenses_added',
        entityType: 'report',
        entityId: reportId,
        details: { expenseIds },
      });
      return detail(reportId, userId);
    },

    removeExpense(reportId: number, userId: number, expenseId: number): ReportDetailDto {
      const row = ownDraft(reportId, userId);
      const { changes } = run(
        db,
        'UPDATE expenses SET report_id = NULL WHERE id = ? AND report_id = ?',
        expenseId,
        reportId,
      );
      if (changes === 0) throw notFound('Expense on this report');
      touch(reportId);
      audit.record({
        workspaceId: row.workspace_id,
        actorId: userId,
        action: 'report.expense_removed',
        entityType: 'report',
        entityId: reportId,
        details: { expenseId },
      });
      return detail(reportId, userId);
    },

    remove(reportId: number, userId: number): void {
      const row = ownDraft(reportId, userId);
      transaction(db, () => {
        run(db, 'UPDATE expenses SET report_id = NULL WHERE report_id = ?', reportId);
        run(db, 'DELETE FROM reports WHERE id = ?', reportId);
      });
      audit.record({
        workspaceId: row.workspace_id,
        actorId: userId,
        action: 'report.deleted',
        entityType: 'report',
        entityId: reportId,
        details: { title: row.title },
      });
    },

    visible,
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
