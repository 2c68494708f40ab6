import { paramId, readJson, requireUser } from '../http/context.ts';
import { created, json, noContent } from '../http/respond.ts';
import type { Router } from '../http/router.ts';
import { BodyReader } from '../validation/fields.ts';

export function registerWorkspaceRoutes(router: Router): void {
  router.get('/api/workspaces', (ctx) => {
    const user = requireUser(ctx);
    return json({ items: ctx.services.workspaces.listForUser(user.id) });
  });

  router.post('/api/workspaces', async (ctx) => {
    const user = requireUser(ctx);
    const body = new BodyReader(await readJson(ctx));
    return created(
      ctx.services.workspaces.create(user.id, {
        name: body.string('name'),
        currency: body.string('currency'),
      }),
    );
  });

  router.get('/api/workspaces/:workspaceId', (ctx) => {
    const user = requireUser(ctx);
    return json(ctx.services.workspaces.get(paramId(ctx, 'workspaceId'), user.id));
  });

  router.patch('/api/workspaces/:workspaceId', async (ctx) => {
    const user = requireUser(ctx);
    const body = new BodyReader(await readJson(ctx));
    return json(
      ctx.services.workspaces.updateSettings(paramId(ctx, 'workspaceId'), user.id, {
        name: body.optionalString('name'),
        currency: body.optionalString('currency'),
        maxExpenseMinor: body.nullableInteger('maxExpenseMinor'),
        receiptRequiredOverMinor: body.nullableInteger('receiptRequiredOverMinor'),
      }),
    );
  });

  router.get('/api/workspaces/:workspaceId/members', (ctx) => {
    const user = requireUser(ctx);
    return json({ items: ctx.services.workspaces.members(paramId(ctx, 'workspaceId'), user.id) });
  });

  router.post('/api/workspaces/:workspaceId/members', async (ctx) => {
    const user = requireUser(ctx);
    const body = new BodyReader(await readJson(ctx));
    return created(
      ctx.services.workspaces.addMember(paramId(ctx, 'workspaceId'), user.id, {
        email: body.string('email'),
        role: body.string('role'),
      }),
    );
  });

  router.patch('/api/workspaces/:workspaceId/members/:userId', async (ctx) => {
    const user = requireUser(ctx);
    const body = new BodyReader(await readJson(ctx));
    ctx.services.workspaces.changeRole(
      paramId(ctx, 'workspaceId'),
      user.id,
      paramId(ctx, 'userId'),
      body.string('role'),
    );
    return json({ items: ctx.services.workspaces.members(paramId(ctx, 'workspaceId'), user.id) });
  });

  router.delete('/api/workspaces/:workspaceId/members/:userId', (ctx) => {
    const user = requireUser(ctx);
    ctx.services.workspaces.removeMember(
      paramId(ctx, 'workspaceId'),
      user.id,
      paramId(ctx, 'userId'),
    );
    return noContent();
  });

  router.get('/api/workspaces/:workspaceId/categories', (ctx) => {
    const user = requireUser(ctx);
    return json({
      items: ctx.services.workspaces.categories(paramId(ctx, 'workspaceId'), user.id),
    });
  });

  router.post('/api/workspaces/:workspaceId/categories', async (ctx) => {
    const user = requireUser(ctx);
    const body = new BodyReader(await readJson(ctx));
    return created(
      ctx.services.workspaces.addCategory(
        paramId(ctx, 'workspaceId'),
        user.id,
        body.string('name'),
      ),
    );
  });

  router.patch('/api/workspaces/:workspaceId/categories/:categoryId', async (ctx) => {
    const user = requireUser(ctx);
    const body = new BodyReader(await readJson(ctx));
    const workspaceId = paramId(ctx, 'workspaceId');
    ctx.services.workspaces.setCategoryEnabled(
      workspaceId,
      user.id,
      paramId(ctx, 'categoryId'),
      body.boolean('enabled'),
    );
    return json({ items: ctx.services.workspaces.categories(workspaceId, user.id) });
  });

  router.get('/api/workspaces/:workspaceId/audit', (ctx) => {
    const user = requireUser(ctx);
    const workspaceId = paramId(ctx, 'workspaceId');
    const member = ctx.services.workspaces.get(workspaceId, user.id);
    if (member.role !== 'admin') {
      return json(
        { error: { code: 'forbidden', message: 'Only workspace admins can read the audit log' } },
        403,
      );
    }
    const page = Number(ctx.query.get('page') ?? '1') || 1;
    const action = ctx.query.get('action') ?? undefined;
    return json(
      ctx.services.audit.list(workspaceId, { page, pageSize: 25, action: action || undefined }),
    );
  });
}
