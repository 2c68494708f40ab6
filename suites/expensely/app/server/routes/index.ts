import { Router } from '../http/router.ts';
import { registerAuthRoutes } from './auth.ts';
import { registerExpenseRoutes } from './expenses.ts';
import { registerExportRoutes } from './exports.ts';
import { registerMetaRoutes } from './meta.ts';
import { registerReportRoutes } from './reports.ts';
import { registerSettingsRoutes } from './settings.ts';
import { registerWorkspaceRoutes } from './workspaces.ts';

export function buildRouter(): Router {
  const router = new Router();
  registerMetaRoutes(router);
  registerAuthRoutes(router);
  registerWorkspaceRoutes(router);
  registerExpenseRoutes(router);
  registerReportRoutes(router);
  registerExportRoutes(router);
  registerSettingsRoutes(router);
  return router;
}
