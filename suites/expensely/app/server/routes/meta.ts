import { CURRENCIES } from '../../shared/currencies.ts';
import { latestMigration } from '../db/migrations.ts';
import { json } from '../http/respond.ts';
import type { Router } from '../http/router.ts';

export function registerMetaRoutes(router: Router): void {
  router.get('/health', (ctx) => {
    ctx.services.db.prepare('SELECT 1').get();
    return json({ status: 'ok', schema: latestMigration(), now: ctx.services.clock.iso() });
  });

  router.get('/api/currencies', () =>
    json({
      items: CURRENCIES.map(({ code, name, symbol, decimals }) => ({
        code,
        name,
        symbol,
        decimals,
      })),
    }),
  );

  router.get('/api/today', (ctx) => json({ today: ctx.services.clock.today() }));
}
