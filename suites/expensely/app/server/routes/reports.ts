import {
  isReportStatus,
  type ReportAction,
  type ReportStatus,
} from '../../shared/report-status.ts';
import { paramId, readJson, requireUser } from '../http/context.ts';
import { badRequest } from '../http/errors.ts';
import { created, json, noContent } from '../http/respond.ts';
import type { Router } from '../http/router.ts';
import { BodyReader } from '../validation/fields.ts';
import { queryInt, queryList, queryText } from '../validation/query.ts';

const ACTIONS: ReportAction[] = ['submit', 'approve', 'reject', 'reopen', 'reimburse'];

export function registerReportRoutes(router: Router): void {
  router.get('/api/workspaces/:workspaceId/reports', (ctx) => {
    const user = requireUser(ctx);
    const scope = ctx.query.get('scope') ?? 'mine';
    if (scope !== 'mine' && scope !== 'all' && scope !== 'to_approve') {
      throw badRequest('scope must be "mine", "all" or "to_approve"');
    }
    const statuses = queryList(ctx.query, 'status');
    for (const status of statuses) {
      if (!isReportStatus(status)) throw badRequest(`Unknown report status "${status}"`);
    }
    const preferences = ctx.services.users.preferences(user.id);
    return json(
      ctx.services.reports.list(paramId(ctx, 'workspaceId'), user.id, {
        scope,
        statuses: statuses as ReportStatus[],
        text: queryText(ctx.query, 'q'),
        page: queryInt(ctx.query, 'page', 1, 1, 100_000),
        pageSize: queryInt(ctx.query, 'pageSize', preferences.pageSize, 1, 100),
      }),
    );
  });

  router.post('/api/workspaces/:workspaceId/reports', async (ctx) => {
    const user = requireUser(ctx);
    const body = new BodyReader(await readJson(ctx));
    return created(
      ctx.services.reports.create(paramId(ctx, 'workspaceId'), user.id, {
        title: body.string('title'),
        expenseIds: body.has('expenseIds') ? body.integerArray('expenseIds') : [],
      }),
    );
  });

  router.get('/api/reports/:reportId', (ctx) => {
    const user = requireUser(ctx);
    return json(ctx.services.reports.detail(paramId(ctx, 'reportId'), user.id));
  });

  router.patch('/api/reports/:reportId', async (ctx) => {
    const user = requireUser(ctx);
    const body = new BodyReader(await readJson(ctx));
    return json(
      ctx.services.reports.rename(paramId(ctx, 'reportId'), user.id, body.string('title')),
    );
  });

  router.delete('/api/reports/:reportId', (ctx) => {
    const user = requireUser(ctx);
    ctx.services.reports.remove(paramId(ctx, 'reportId'), user.id);
    return noContent();
  });

  router.post('/api/reports/:reportId/expenses', async (ctx) => {
    const user = requireUser(ctx);
    const body = new BodyReader(await readJson(ctx));
    return json(
      ctx.services.reports.addExpenses(
        paramId(ctx, 'reportId'),
        user.id,
        body.integerArray('expenseIds'),
      ),
    );
  });

  router.delete('/api/reports/:reportId/expenses/:expenseId', (ctx) => {
    const user = requireUser(ctx);
    return json(
      ctx.services.reports.removeExpense(
        paramId(ctx, 'reportId'),
        user.id,
        paramId(ctx, 'expenseId'),
      ),
    );
  });

  router.post('/api/reports/:reportId/:action', async (ctx) => {
    const user = requireUser(ctx);
    const action = ctx.params.action as ReportAction;
    if (!ACTIONS.includes(action)) throw badRequest(`Unknown report action "${ctx.params.action}"`);
    const hasBody = (ctx.req.headers['content-type'] ?? '').includes('application/json');
    const body = new BodyReader(hasBody ? await readJson(ctx) : {});
    return json(
      ctx.services.workflow.transition(paramId(ctx, 'reportId'), user.id, action, {
        reason: body.optionalString('reason'),
      }),
    );
  });

  router.get('/api/reports/:reportId/comments', (ctx) => {
    const user = requireUser(ctx);
    const reportId = paramId(ctx, 'reportId');
    ctx.services.reports.visible(reportId, user.id);
    return json({ items: ctx.services.comments.list(reportId) });
  });

  router.post('/api/reports/:reportId/comments', async (ctx) => {
    const user = requireUser(ctx);
    const reportId = paramId(ctx, 'reportId');
    const { row } = ctx.services.reports.visible(reportId, user.id);
    const body = new BodyReader(await readJson(ctx));
    return created(
      ctx.services.comments.add(row.workspace_id, reportId, user, body.string('body')),
    );
  });
}
