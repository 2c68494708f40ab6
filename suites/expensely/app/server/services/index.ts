import { createSessionStore, type SessionStore } from '../auth/sessions.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { type AuditService, createAuditService } from './audit.ts';
import { type BankAccountsService, createBankAccountsService } from './bank-accounts.ts';
import { type CommentsService, createCommentsService } from './comments.ts';
import { createExpensesService, type ExpensesService } from './expenses.ts';
import { createExportsService, type ExportsService } from './exports.ts';
import { createReceiptsService, type ReceiptsService } from './receipts.ts';
import { createWorkflowService, type WorkflowService } from './report-workflow.ts';
import { createReportsService, type ReportsService } from './reports.ts';
import { createUsersService, type UsersService } from './users.ts';
import { createWorkspacesService, type WorkspacesService } from './workspaces.ts';

export interface Services {
  db: Db;
  clock: Clock;
  sessions: SessionStore;
  audit: AuditService;
  users: UsersService;
  workspaces: WorkspacesService;
  receipts: ReceiptsService;
  expenses: ExpensesService;
  comments: CommentsService;
  reports: ReportsService;
  workflow: WorkflowService;
  bankAccounts: BankAccountsService;
  exports: ExportsService;
}

export function createServices(db: Db, clock: Clock, receiptsDir: string): Services {
  const deps = { db, clock, receiptsDir };
  const audit = createAuditService(deps);
  const receipts = createReceiptsService(deps);
  const comments = createCommentsService(deps, audit);
  const reports = createReportsService(deps, audit, comments);
  return {
    db,
    clock,
    sessions: createSessionStore(db, clock),
    audit,
    users: createUsersService(deps),
    workspaces: createWorkspacesService(deps, audit),
    receipts,
    expenses: createExpensesService(deps, audit, receipts),
    comments,
    reports,
    workflow: createWorkflowService(deps, audit, reports),
    bankAccounts: createBankAccountsService(deps),
    exports: createExportsService(deps),
  };
}
