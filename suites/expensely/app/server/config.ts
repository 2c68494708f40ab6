import { resolve } from 'node:path';

export interface ServerConfig {
  /** @default 3000 */
  port: number;
  /** @default '127.0.0.1' */
  host: string;
  /** Database and receipts live here. @default './data' */
  dataDir: string;
  /** Keep the existing database instead of starting fresh. @default false */
  keepData: boolean;
  /** Pin "now" (ISO timestamp) for reproducible runs. @default undefined (system clock) */
  fixedNow: string | undefined;
  /** Folder of the built client. @default './dist' */
  staticDir: string;
}

export function readConfig(env: NodeJS.ProcessEnv, cwd: string): ServerConfig {
  const port = Number(env.PORT ?? '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  }
  const fixedNow = env.FIXED_NOW?.trim() || undefined;
  if (fixedNow && Number.isNaN(new Date(fixedNow).getTime())) {
    throw new Error(
      `FIXED_NOW must be an ISO timestamp such as 2025-03-15T12:00:00Z, got "${fixedNow}"`,
    );
  }
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(cwd, env.DATA_DIR ?? 'data'),
    keepData: env.KEEP_DATA === '1' || env.KEEP_DATA === 'true',
    fixedNow,
    staticDir: resolve(cwd, env.STATIC_DIR ?? 'dist'),
  };
}
