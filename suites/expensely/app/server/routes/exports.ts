import { paramId, requireUser } from '../http/context.ts';
import { raw } from '../http/respond.ts';
import type { Router } from '../http/router.ts';
import { readExpenseFilters } from './expense-filters.ts';

function attachment(name: string): Record<string, string> {
  return { 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' };
}

export function registerExportRoutes(router: Router): void {
  router.get('/api/workspaces/:workspaceId/exports/expenses.csv', (ctx) => {
    const user = requireUser(ctx);
    const workspaceId = paramId(ctx, 'workspaceId');
    const workspace = ctx.services.workspaces.get(workspaceId, user.id);
    const filters = readExpenseFilters(ctx, workspace.currency);
    const csv = ctx.services.exports.expensesCsv(workspaceId, user.id, filters);
    return raw(
      csv,
      'text/csv; charset=utf-8',
      attachment(`expenses-${ctx.services.clock.today()}.csv`),
    );
  });

  router.get('/api/workspaces/:workspaceId/exports/reports.csv', (ctx) => {
    const user = requireUser(ctx);
    const csv = ctx.services.exports.reportsCsv(paramId(ctx, 'workspaceId'), user.id);
    return raw(
      csv,
      'text/csv; charset=utf-8',
      attachment(`reports-${ctx.services.clock.today()}.csv`),
    );
  });
}
