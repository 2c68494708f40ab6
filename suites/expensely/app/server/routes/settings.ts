import type { PreferencesDto } from '../../shared/api-types.ts';
import type { DateFormat } from '../../shared/dates.ts';
import { paramId, readJson, requireUser } from '../http/context.ts';
import { created, json, noContent } from '../http/respond.ts';
import type { Router } from '../http/router.ts';
import { BodyReader } from '../validation/fields.ts';

export function registerSettingsRoutes(router: Router): void {
  router.get('/api/settings/profile', (ctx) => {
    const user = requireUser(ctx);
    return json(ctx.services.users.get(user.id));
  });

  router.patch('/api/settings/profile', async (ctx) => {
    const user = requireUser(ctx);
    const body = new BodyReader(await readJson(ctx));
    return json(
      ctx.services.users.updateProfile(user.id, {
        name: body.optionalString('name'),
        email: body.optionalString('email'),
      }),
    );
  });

  router.post('/api/settings/password', async (ctx) => {
    const user = requireUser(ctx);
    const body = new BodyReader(await readJson(ctx));
    ctx.services.users.changePassword(
      user.id,
      body.string('currentPassword'),
      body.string('newPassword'),
    );
    ctx.services.sessions.destroyAllFor(user.id, ctx.sessionToken);
    return noContent();
  });

  router.get('/api/settings/preferences', (ctx) => {
    const user = requireUser(ctx);
    return json(ctx.services.users.preferences(user.id));
  });

  router.patch('/api/settings/preferences', async (ctx) => {
    const user = requireUser(ctx);
    const body = new BodyReader(await readJson(ctx));
    const patch: Partial<PreferencesDto> = {};
    const currency = body.optionalString('defaultCurrency');
    if (currency !== undefined) patch.defaultCurrency = currency;
    const dateFormat = body.optionalString('dateFormat');
    if (dateFormat !== undefined) patch.dateFormat = dateFormat as DateFormat;
    const pageSize = body.optionalInteger('pageSize');
    if (pageSize !== undefined) patch.pageSize = pageSize;
    const workspaceId = body.nullableInteger('defaultWorkspaceId');
    if (workspaceId !== undefined) patch.defaultWorkspaceId = workspaceId;
    return json(ctx.services.users.updatePreferences(user.id, patch));
  });

  router.get('/api/settings/bank-accounts', (ctx) => {
    const user = requireUser(ctx);
    return json({ items: ctx.services.bankAccounts.list(user.id) });
  });

  router.post('/api/settings/bank-accounts', async (ctx) => {
    const user = requireUser(ctx);
    const body = new BodyReader(await readJson(ctx));
    return created(
      ctx.services.bankAccounts.add(user.id, {
        holderName: body.string('holderName'),
        bankName: body.string('bankName'),
        routingNumber: body.string('routingNumber'),
        accountNumber: body.string('accountNumber'),
      }),
    );
  });

  router.post('/api/settings/bank-accounts/:accountId/default', (ctx) => {
    const user = requireUser(ctx);
    return json({
      items: ctx.services.bankAccounts.makeDefault(user.id, paramId(ctx, 'accountId')),
    });
  });

  router.delete('/api/settings/bank-accounts/:accountId', (ctx) => {
    const user = requireUser(ctx);
    return json({ items: ctx.services.bankAccounts.remove(user.id, paramId(ctx, 'accountId')) });
  });
}
