import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { type SessionStore, createSessionStore } from '../auth/sessions.ts';
import { type AuditService, createAuditService } from './audit.ts';
import { type BankAccountsService, createBankAccountsService } from './bank-accounts.ts';
import { type CommentsService, createCommentsService } from './comments.ts';
import { type ExpensesService, createExpensesService } from './expenses.ts';
import { type ExportsService, createExportsService } from './exports.ts';
import { type ReceiptsService, createReceiptsService } from './receipts.ts';
import { type ReportsService, createReportsService } from './reports.ts';
import { type WorkflowService, createWorkflowService } from './report-workflow.ts';
import { type UsersService, createUsersService } from './users.ts';
import { type WorkspacesService, createWorkspacesService } from './workspaces.ts';

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
