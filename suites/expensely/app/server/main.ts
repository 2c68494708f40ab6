import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from './app.ts';
import { fixedClock, systemClock } from './clock.ts';
import { readConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { seedDatabase } from './db/seed.ts';
import { createServices } from './services/index.ts';

const log = (line: string): void => {
  process.stderr.write(`[expensely] ${line}\n`);
};

const config = readConfig(process.env, process.cwd());
const started = performance.now();

const dbPath = join(config.dataDir, 'expensely.db');
const receiptsDir = join(config.dataDir, 'receipts');
if (!config.keepData) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  rmSync(receiptsDir, { recursive: true, force: true });
}
mkdirSync(config.dataDir, { recursive: true });

const db = openDatabase(dbPath);
seedDatabase(db, receiptsDir);
const clock = config.fixedNow ? fixedClock(config.fixedNow) : systemClock();
const services = createServices(db, clock, receiptsDir);
if (!existsSync(join(config.staticDir, 'index.html'))) {
  log(`no built client in ${config.staticDir}: run "npm run build" first (serving the API only)`);
}
const server = createApp({
  services,
  staticDir: existsSync(config.staticDir) ? config.staticDir : undefined,
  log,
});

server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log(
    `listening on http://${config.host}:${port} (ready in ${Math.round(performance.now() - started)} ms)`,
  );
});

function shutdown(signal: string): void {
  log(`${signal}: shutting down`);
  server.close(() => {
    db.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
