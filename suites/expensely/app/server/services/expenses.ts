import type { ExpenseDto, ExpenseListDto } from '../../shared/api-types.ts';
import { isCurrencyCode } from '../../shared/currencies.ts';
import { convertMinor, exchangeRate, formatMoney } from '../../shared/money.ts';
import { isLocked } from '../../shared/report-status.ts';
import { can } from '../../shared/roles.ts';
import { type ExpenseDraft, type FieldErrors, validateExpense } from '../../shared/validation.ts';
import { one, run } from '../db/database.ts';
import { conflict, forbidden, notFound, validationFailed } from '../http/errors.ts';
import { type Membership, membershipOf } from './access.ts';
import type { AuditService } from './audit.ts';
import type { ServiceDeps } from './deps.ts';
import { type ExpenseFilters, queryExpenses } from './expense-query.ts';
import { EXPENSE_SELECT, type ExpenseRow, toExpenseDto } from './expense-rows.ts';
import type { ReceiptsService } from './receipts.ts';

export interface ExpenseInput extends ExpenseDraft {
  receiptId: number | null;
}

export function createExpensesService(
  deps: ServiceDeps,
  audit: AuditService,
  receipts: ReceiptsService,
) {
  const { db, clock } = deps;

  function loadRow(expenseId: number): ExpenseRow {
    const row = one<ExpenseRow>(db, `${EXPENSE_SELECT} WHERE e.id = ?`, expenseId);
    if (!row) throw notFound('Expense');
    return row;
  }

  /** Loads an expense the user may see: their own, or any in the workspace for approvers. */
  function visibleRow(expenseId: number, userId: number): { row: ExpenseRow; member: Membership } {
    const row = loadRow(expenseId);
    let member: Membership;
    try {
      member = membershipOf(db, row.workspace_id, userId);
    } catch {
      throw notFound('Expense');
    }
    if (row.user_id !== userId && !can(member.role, 'expenses.viewAll')) throw notFound('Expense');
    return { row, member };
  }

  function editableRow(expenseId: number, userId: number): ExpenseRow {
    const { row } = visibleRow(expenseId, userId);
    if (row.user_id !== userId)
      throw forbidden('Only the person who created an expense can change it');
    if (row.report_status !== null && isLocked(row.report_status)) {
      throw conflict(
        `This expense is on a report that is ${row.report_status} and can no longer change`,
      );
    }
    return row;
  }

  function checkInput(
    workspaceId: number,
    currency: string,
    input: ExpenseInput,
    userId: number,
  ): FieldErrors {
    const errors = validateExpense(input, clock.today());
    if (!errors.category) {
      const category = one<{ enabled: number }>(
        db,
        'SELECT enabled FROM categories WHERE workspace_id = ? AND name = ?',
        workspaceId,
        input.category,
      );
      if (category?.enabled !== 1) errors.category = 'Choose one of the workspace categories';
    }
    if (!errors.amount && !errors.currency && isCurrencyCode(input.currency)) {
      const max = one<{ max_expense_minor: number | null }>(
        db,
        'SELECT max_expense_minor FROM workspaces WHERE id = ?',
        workspaceId,
      )?.max_expense_minor;
      const converted = convertMinor(input.amountMinor, input.currency, currency);
      if (max !== null && max !== undefined && converted > max) {
        errors.amount = `Amount exceeds the workspace limit of ${formatMoney(max, currency)}`;
      }
    }
    if (input.receiptId !== null && !receipts.ownedBy(input.receiptId, userId)) {
      errors.receipt = 'Receipt not found';
    }
    return errors;
  }

  return {
    list(
      workspaceId: number,
      userId: number,
      filters: ExpenseFilters & { scope: 'mine' | 'all' },
      page: number,
      pageSize: number,
    ): ExpenseListDto {
      const member = membershipOf(db, workspaceId, userId);
      let ownerId = filters.ownerId;
      if (filters.scope === 'mine') ownerId = userId;
      else if (!can(member.role, 'expenses.viewAll')) {
        throw forbidden("Only approvers and admins can see everyone's expenses");
      }
      return queryExpenses(db, workspaceId, userId, { ...filters, ownerId }, page, pageSize);
    },

    get(expenseId: number, userId: number): ExpenseDto {
      return toExpenseDto(visibleRow(expenseId, userId).row, userId);
    },

    create(workspaceId: number, userId: number, input: ExpenseInput): ExpenseDto {
      const member = membershipOf(db, workspaceId, userId);
      const errors = checkInput(workspaceId, member.currency, input, userId);
      if (Object.keys(errors).length > 0) throw validationFailed(errors);
      const now = clock.iso();
      const { lastId } = run(
        db,
        `INSERT INTO expenses (workspace_id, user_id, receipt_id, merchant, amount_minor, currency,
           converted_minor, exchange_rate, category, spent_on, description, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        workspaceId,
        userId,
        input.receiptId,
        input.merchant.trim(),
        input.amountMinor,
        input.currency,
        convertMinor(input.amountMinor, input.currency, member.currency),
        exchangeRate(input.currency, member.currency),
        input.category,
        input.date,
        input.description.trim(),
        now,
        now,
      );
      audit.record({
        workspaceId,
        actorId: userId,
        action: 'expense.created',
        entityType: 'expense',
        entityId: lastId,
        details: {
          merchant: input.merchant.trim(),
          amountMinor: input.amountMinor,
          currency: input.currency,
        },
      });
      return toExpenseDto(loadRow(lastId), userId);
    },

    update(expenseId: number, userId: number, patch: Partial<ExpenseInput>): ExpenseDto {
      const row = editableRow(expenseId, userId);
      const next: ExpenseInput = {
        merchant: patch.merchant ?? row.merchant,
        amountMinor: patch.amountMinor ?? row.amount_minor,
        currency: patch.currency ?? row.currency,
        category: patch.category ?? row.category,
        date: patch.date ?? row.spent_on,
        description: patch.description ?? row.description,
        receiptId: patch.receiptId === undefined ? row.receipt_id : patch.receiptId,
      };
      const errors = checkInput(row.workspace_id, row.workspace_currency, next, userId);
      if (Object.keys(errors).length > 0) throw validationFailed(errors);
      run(
        db,
        `UPDATE expenses SET merchant = ?, amount_minor = ?, currency = ?, converted_minor = ?,
           exchange_rate = ?, category = ?, spent_on = ?, description = ?, receipt_id = ?, updated_at = ?
         WHERE id = ?`,
        next.merchant.trim(),
        next.amountMinor,
        next.currency,
        convertMinor(next.amountMinor, next.currency, row.workspace_currency),
        exchangeRate(next.currency, row.workspace_currency),
        next.category,
        next.date,
        next.description.trim(),
        next.receiptId,
        clock.iso(),
        expenseId,
      );
      const changed = Object.keys(patch).filter(
        (key) => patch[key as keyof ExpenseInput] !== undefined,
      );
      audit.record({
        workspaceId: row.workspace_id,
        actorId: userId,
        action: 'expense.updated',
        entityType: 'expense',
        entityId: expenseId,
        details: { fields: changed },
      });
      return toExpenseDto(loadRow(expenseId), userId);
    },

    remove(expenseId: number, userId: number): void {
      const row = editableRow(expenseId, userId);
      run(db, 'DELETE FROM expenses WHERE id = ?', expenseId);
      audit.record({
        workspaceId: row.workspace_id,
        actorId: userId,
        action: 'expense.deleted',
        entityType: 'expense',
        entityId: expenseId,
        details: { merchant: row.merchant, amountMinor: row.amount_minor, currency: row.currency },
      });
    },
  };
}

export type ExpensesService = ReturnType<typeof createExpensesService>;
