import type { CategoryDto, MemberDto, WorkspaceDto } from '../../shared/api-types.ts';
import { isCurrencyCode } from '../../shared/currencies.ts';
import { isRole, type Role } from '../../shared/roles.ts';
import { type FieldErrors, isEmail } from '../../shared/validation.ts';
import { many, one, run, transaction } from '../db/database.ts';
import { conflict, notFound, validationFailed } from '../http/errors.ts';
import { membershipOf, requirePermission } from './access.ts';
import type { AuditService } from './audit.ts';
import type { ServiceDeps } from './deps.ts';

export const DEFAULT_CATEGORIES = [
  'Travel',
  'Lodging',
  'Meals',
  'Transport',
  'Office Supplies',
  'Software',
  'Entertainment',
  'Other',
];

interface WorkspaceRow {
  id: number;
  name: string;
  currency: string;
  role: Role;
  max_expense_minor: number | null;
  receipt_required_over_minor: number | null;
  member_count: number;
}

const NAME_MAX = 60;

function toWorkspaceDto(row: WorkspaceRow): WorkspaceDto {
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    role: row.role,
    maxExpenseMinor: row.max_expense_minor,
    receiptRequiredOverMinor: row.receipt_required_over_minor,
    memberCount: row.member_count,
  };
}

const SELECT_FOR_USER = `SELECT w.id, w.name, w.currency, m.role, w.max_expense_minor,
  w.receipt_required_over_minor,
  (SELECT COUNT(*) FROM memberships x WHERE x.workspace_id = w.id) AS member_count
  FROM workspaces w JOIN memberships m ON m.workspace_id = w.id AND m.user_id = ?`;

export interface WorkspaceSettingsInput {
  name?: string;
  currency?: string;
  maxExpenseMinor?: number | null;
  receiptRequiredOverMinor?: number | null;
}

export function createWorkspacesService({ db, clock }: ServiceDeps, audit: AuditService) {
  function get(workspaceId: number, userId: number): WorkspaceDto {
    const row = one<WorkspaceRow>(db, `${SELECT_FOR_USER} WHERE w.id = ?`, userId, workspaceId);
    if (!row) throw notFound('Workspace');
    return toWorkspaceDto(row);
  }

  function adminCount(workspaceId: number): number {
    return (
      one<{ n: number }>(
        db,
        "SELECT COUNT(*) AS n FROM memberships WHERE workspace_id = ? AND role = 'admin'",
        workspaceId,
      )?.n ?? 0
    );
  }

  return {
    get,

    listForUser(userId: number): WorkspaceDto[] {
      return many<WorkspaceRow>(db, `${SELECT_FOR_USER} ORDER BY w.name, w.id`, userId).map(
        toWorkspaceDto,
      );
    },

    create(userId: number, input: { name: string; currency: string }): WorkspaceDto {
      const errors: FieldErrors = {};
      const name = input.name.trim();
      if (name === '') errors.name = 'Workspace name is required';
      else if (name.length > NAME_MAX)
        errors.name = `Workspace name must be at most ${NAME_MAX} characters`;
      if (!isCurrencyCode(input.currency)) errors.currency = 'Choose a supported currency';
      if (Object.keys(errors).length > 0) throw validationFailed(errors);
      const id = transaction(db, () => {
        const now = clock.iso();
        const { lastId } = run(
          db,
          'INSERT INTO workspaces (name, currency, created_at) VALUES (?, ?, ?)',
          name,
          input.currency,
          now,
        );
        run(
          db,
          "INSERT INTO memberships (workspace_id, user_id, role, joined_at) VALUES (?, ?, 'admin', ?)",
          lastId,
          userId,
          now,
        );
        for (const category of DEFAULT_CATEGORIES) {
          run(db, 'INSERT INTO categories (workspace_id, name) VALUES (?, ?)', lastId, category);
        }
        audit.record({
          workspaceId: lastId,
          actorId: userId,
          action: 'workspace.created',
          entityType: 'workspace',
          entityId: lastId,
          details: { name },
        });
        return lastId;
      });
      return get(id, userId);
    },

    updateSettings(
      workspaceId: number,
      userId: number,
      input: WorkspaceSettingsInput,
    ): WorkspaceDto {
      const member = membershipOf(db, workspaceId, userId);
      requirePermission(member, 'workspace.manage', 'Only workspace admins can change settings');
      const current = get(workspaceId, userId);
      const errors: FieldErrors = {};
      const name = input.name?.trim() ?? current.name;
      if (name === '') errors.name = 'Workspace name is required';
      else if (name.length > NAME_MAX)
        errors.name = `Workspace name must be at most ${NAME_MAX} characters`;
      const currency = input.currency ?? current.currency;
      if (!isCurrencyCode(currency)) errors.currency = 'Choose a supported currency';
      const maxExpense =
        input.maxExpenseMinor === undefined ? current.maxExpenseMinor : input.maxExpenseMinor;
      if (maxExpense !== null && maxExpense <= 0)
        errors.maxExpense = 'Maximum must be greater than zero';
      const receiptOver =
        input.receiptRequiredOverMinor === undefined
          ? current.receiptRequiredOverMinor
          : input.receiptRequiredOverMinor;
      if (receiptOver !== null && receiptOver < 0)
        errors.receiptRequiredOver = 'Threshold cannot be negative';
      if (Object.keys(errors).length > 0) throw validationFailed(errors);
      if (currency !== current.currency) {
        const used = one(db, 'SELECT 1 FROM expenses WHERE workspace_id = ? LIMIT 1', workspaceId);
        if (used) throw conflict('The currency cannot change once the workspace has expenses');
      }
      run(
        db,
        `UPDATE workspaces SET name = ?, currency = ?, max_expense_minor = ?, receipt_required_over_minor = ?
         WHERE id = ?`,
        name,
        currency,
        maxExpense,
        receiptOver,
        workspaceId,
      );
      audit.record({
        workspaceId,
        actorId: userId,
        action: 'workspace.updated',
        entityType: 'workspace',
        entityId: workspaceId,
        details: {
          name,
          currency,
          maxExpenseMinor: maxExpense,
          receiptRequiredOverMinor: receiptOver,
        },
      });
      return get(workspaceId, userId);
    },

    members(workspaceId: number, userId: number): MemberDto[] {
      membershipOf(db, workspaceId, userId);
      return many<{ user_id: number; name: string; email: string; role: Role; joined_at: string }>(
        db,
        `SELECT m.user_id, u.name, u.email, m.role, m.joined_at FROM memberships m
         JOIN users u ON u.id = m.user_id WHERE m.workspace_id = ? ORDER BY u.name, u.id`,
        workspaceId,
      ).map((r) => ({
        userId: r.user_id,
        name: r.name,
        email: r.email,
        role: r.role,
        joinedAt: r.joined_at,
      }));
    },

    addMember(
      workspaceId: number,
      actorId: number,
      input: { email: string; role: string },
    ): MemberDto {
      const member = membershipOf(db, workspaceId, actorId);
      requirePermission(member, 'members.manage', 'Only workspace admins can invite members');
      const email = input.email.trim().toLowerCase();
      const errors: FieldErrors = {};
      if (!isEmail(email)) errors.email = 'Enter a valid email address';
      if (!isRole(input.role)) errors.role = 'Choose a role: admin, approver or member';
      if (Object.keys(errors).length > 0) throw validationFailed(errors);
      const user = one<{ id: number; name: string; email: string }>(
        db,
        'SELECT id, name, email FROM users WHERE email = ?',
        email,
      );
      if (!user) throw validationFailed({ email: 'No Expensely account uses this email' });
      if (
        one(
          db,
          'SELECT 1 FROM memberships WHERE workspace_id = ? AND user_id = ?',
          workspaceId,
          user.id,
        )
      ) {
        throw conflict(`${user.name} is already a member of this workspace`);
      }
      const joinedAt = clock.iso();
      run(
        db,
        'INSERT INTO memberships (workspace_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)',
        workspaceId,
        user.id,
        input.role,
        joinedAt,
      );
      audit.record({
        workspaceId,
        actorId,
        action: 'member.added',
        entityType: 'user',
        entityId: user.id,
        details: { email: user.email, role: input.role },
      });
      return {
        userId: user.id,
        name: user.name,
        email: user.email,
        role: input.role as Role,
        joinedAt,
      };
    },

    changeRole(workspaceId: number, actorId: number, targetId: number, role: string): void {
      const member = membershipOf(db, workspaceId, actorId);
      requirePermission(member, 'members.manage', 'Only workspace admins can change roles');
      if (!isRole(role))
        throw validationFailed({ role: 'Choose a role: admin, approver or member' });
      const target = membershipOf(db, workspaceId, targetId);
      if (target.role === 'admin' && role !== 'admin' && adminCount(workspaceId) === 1) {
        throw conflict('A workspace needs at least one admin');
      }
      run(
        db,
        'UPDATE memberships SET role = ? WHERE workspace_id = ? AND user_id = ?',
        role,
        workspaceId,
        targetId,
      );
      audit.record({
        workspaceId,
        actorId,
        action: 'member.role_changed',
        entityType: 'user',
        entityId: targetId,
        details: { from: target.role, to: role },
      });
    },

    removeMember(workspaceId: number, actorId: number, targetId: number): void {
      const member = membershipOf(db, workspaceId, actorId);
      if (actorId !== targetId) {
        requirePermission(member, 'members.manage', 'Only workspace admins can remove members');
      }
      const target = membershipOf(db, workspaceId, targetId);
      if (target.role === 'admin' && adminCount(workspaceId) === 1) {
        throw conflict('A workspace needs at least one admin');
      }
      const open = one(
        db,
        "SELECT 1 FROM reports WHERE workspace_id = ? AND user_id = ? AND status IN ('submitted', 'approved')",
        workspaceId,
        targetId,
      );
      if (open) throw conflict('This member has reports awaiting approval or payment');
      run(
        db,
        'DELETE FROM memberships WHERE workspace_id = ? AND user_id = ?',
        workspaceId,
        targetId,
      );
      audit.record({
        workspaceId,
        actorId,
        action: 'member.removed',
        entityType: 'user',
        entityId: targetId,
        details: { role: target.role },
      });
    },

    categories(workspaceId: number, userId: number): CategoryDto[] {
      membershipOf(db, workspaceId, userId);
      return many<{ id: number; name: string; enabled: number; expense_count: number }>(
        db,
        `SELECT c.id, c.name, c.enabled,
           (SELECT COUNT(*) FROM expenses e WHERE e.workspace_id = c.workspace_id AND e.category = c.name)
             AS expense_count
         FROM categories c WHERE c.workspace_id = ? ORDER BY c.name`,
        workspaceId,
      ).map((r) => ({
        id: r.id,
        name: r.name,
        enabled: r.enabled === 1,
        expenseCount: r.expense_count,
      }));
    },

    addCategory(workspaceId: number, actorId: number, rawName: string): CategoryDto {
      const member = membershipOf(db, workspaceId, actorId);
      requirePermission(member, 'workspace.manage', 'Only workspace admins can manage categories');
      const name = rawName.trim();
      if (name === '') throw validationFailed({ name: 'Category name is required' });
      if (name.length > 40)
        throw validationFailed({ name: 'Category name must be at most 40 characters' });
      const existing = one(
        db,
        'SELECT 1 FROM categories WHERE workspace_id = ? AND name = ? COLLATE NOCASE',
        workspaceId,
        name,
      );
      if (existing) throw conflict(`Category "${name}" already exists`);
      const { lastId } = run(
        db,
        'INSERT INTO categories (workspace_id, name) VALUES (?, ?)',
        workspaceId,
        name,
      );
      audit.record({
        workspaceId,
        actorId,
        action: 'category.added',
        entityType: 'category',
        entityId: lastId,
        details: { name },
      });
      return { id: lastId, name, enabled: true, expenseCount: 0 };
    },

    setCategoryEnabled(
      workspaceId: number,
      actorId: number,
      categoryId: number,
      enabled: boolean,
    ): void {
      const member = membershipOf(db, workspaceId, actorId);
      requirePermission(member, 'workspace.manage', 'Only workspace admins can manage categories');
      const { changes } = run(
        db,
        'UPDATE categories SET enabled = ? WHERE id = ? AND workspace_id = ?',
        enabled ? 1 : 0,
        categoryId,
        workspaceId,
      );
      if (changes === 0) throw notFound('Category');
      audit.record({
        workspaceId,
        actorId,
        action: enabled ? 'category.enabled' : 'category.disabled',
        entityType: 'category',
        entityId: categoryId,
      });
    },
  };
}

export type WorkspacesService = ReturnType<typeof createWorkspacesService>;
