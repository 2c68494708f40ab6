import type { SessionDto } from '../../shared/api-types.ts';
import { clearedSessionCookie, sessionCookie } from '../auth/sessions.ts';
import { readJson } from '../http/context.ts';
import { created, json, noContent } from '../http/respond.ts';
import type { Router } from '../http/router.ts';
import type { Services } from '../services/index.ts';
import { BodyReader } from '../validation/fields.ts';

export function sessionPayload(services: Services, userId: number): SessionDto {
  return {
    user: services.users.get(userId),
    preferences: services.users.preferences(userId),
    workspaces: services.workspaces.listForUser(userId),
    today: services.clock.today(),
  };
}

export function registerAuthRoutes(router: Router): void {
  router.post('/api/auth/sign-in', async (ctx) => {
    const body = new BodyReader(await readJson(ctx));
    const user = ctx.services.users.authenticate(body.string('email'), body.string('password'));
    const session = ctx.services.sessions.create(user.id);
    return json(sessionPayload(ctx.services, user.id), 200, {
      'set-cookie': sessionCookie(session.token),
    });
  });

  router.post('/api/auth/sign-up', async (ctx) => {
    const body = new BodyReader(await readJson(ctx));
    const user = ctx.services.users.signUp({
      name: body.string('name'),
      email: body.string('email'),
      password: body.string('password'),
    });
    const workspaceName = body.optionalString('workspaceName')?.trim();
    if (workspaceName) {
      ctx.services.workspaces.create(user.id, {
        name: workspaceName,
        currency: body.optionalString('currency') ?? 'USD',
      });
    }
    const session = ctx.services.sessions.create(user.id);
    const result = created(sessionPayload(ctx.services, user.id));
    return {
      ...result,
      headers: { 'set-cookie': sessionCookie(session.token) },
    };
  });

  router.post('/api/auth/sign-out', (ctx) => {
    if (ctx.sessionToken) ctx.services.sessions.destroy(ctx.sessionToken);
    return noContent({ 'set-cookie': clearedSessionCookie() });
  });

  /** Answers `null` when signed out, so that opening the app is not an error in the console. */
  router.get('/api/session', (ctx) =>
    json(ctx.user ? sessionPayload(ctx.services, ctx.user.id) : null),
  );
}
