/**
 * `swelancer view` end to end: the real CLI serving real run directories over real HTTP,
 * while a real runner records attempts into one of them and is then killed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attempt, runOf, task, writeRun } from './report-helpers.ts';
import { managerCsv } from './run-helpers.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'swelancer.js');
const NODE = join(ROOT, 'node_modules', '.bin', 'node');
// A PNG's signature and more bytes: served as they are.
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 255]);

let work: string;
let runs: string;
const servers: ChildProcess[] = [];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'swelancer-view-'));
  chmodSync(work, 0o755);
  runs = join(work, 'runs');
  const ic = task('ic-1', 1000);
  const done = attempt(ic, 'gold', 0, 'passed');
  writeRun(join(runs, 'done'), runOf([ic], [done]));
  const evidence = join(runs, 'done', 'artifacts', done.key, 'grade', 'a test');
  mkdirSync(evidence, { recursive: true });
  writeFileSync(join(evidence, 'test-failed-1.png'), PNG);
  writeFileSync(join(runs, 'done', 'artifacts', done.key, 'grade-output.txt'), 'ok 1 passed\n');
  mkdirSync(join(runs, 'not-a-run'));
});

afterAll(() => {
  for (const server of servers) server.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

/** Starts `swelancer view` and waits for the URL it prints. */
async function startView(args: string[], user?: string) {
  const command = [NODE, BIN, 'view', ...args, '--port', '0'];
  const [file = NODE, ...rest] = user
    ? ['setpriv', `--reuid=${user}`, `--regid=${user}`, '--clear-groups', ...command]
    : command;
  const child = spawn(file, rest, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(child);
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  for (let waited = 0; !/http:\/\/\S+/.test(out); waited += 50) {
    if (waited > 30_000 || child.exitCode !== null) throw new Error(`view did not start: ${err}`);
    await sleep(50);
  }
  return { child, url: /http:\/\/\S+/.exec(out)?.[0] ?? '', exited, stderr: () => err };
}

/** GET with the path sent exactly as written (no client-side `..` clean-up). */
function get(url: string, path: string) {
  const { hostname, port } = new URL(url);
  return new Promise<{ status: number; type: string; body: Buffer }>((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type']),
          body: Buffer.concat(chunks),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

async function text(url: string, path: string): Promise<string> {
  const reply = await get(url, path);
  expect(reply.status).toBe(200);
  return reply.body.toString();
}

describe('swelancer view', () => {
  it('lists runs, serves a report and evidence files, and nothing outside the run', async () => {
    const view = await startView(['runs']);
    const list = await text(view.url, '/');
    expect(list).toContain('href="runs/done/"');
    expect(list).toMatch(/class="status finished">finished<\/td><td class="r">1\/1</);
    expect(list).not.toContain('not-a-run');
    const report = await get(view.url, '/runs/done/');
    expect(report.type).toBe('text/html; charset=utf-8');
    expect(report.body.toString()).toContain('swelancer report');
    expect(JSON.parse(await text(view.url, '/runs/done/live.json'))).toHaveProperty('token');

    const key = readdirSync(join(runs, 'done', 'artifacts'))[0] ?? '';
    const png = await get(view.url, `/runs/done/artifacts/${key}/grade/a%20test/test-failed-1.png`);
    expect([png.status, png.type]).toEqual([200, 'image/png']);
    expect(png.body.equals(PNG)).toBe(true);
    const log = await get(view.url, `/runs/done/artifacts/${key}/grade-output.txt`);
    expect([log.type, log.body.toString()]).toEqual(['text/plain; charset=utf-8', 'ok 1 passed\n']);
    // The report's attempt links (`attempts/<key>.html`) resolve to pages rendered on
    // request, one folder below the run: '../' is the report.
    const attempt = await text(view.url, `/runs/done/attempts/${encodeURIComponent(key)}.html`);
    expect(attempt).toContain('href="../"');
    expect(attempt).toContain('ic-1');
    expect((await get(view.url, `/runs/done/attempts/${'0'.repeat(64)}.html`)).status).toBe(404);

    for (const path of [
      '/runs/done/artifacts/../../../../../../etc/passwd',
      '/runs/done/artifacts/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/runs/done/artifacts/%2e%2e/%2e%2e/run.sqlite',
      '/runs/..%2f..%2f..%2f..%2fetc/artifacts/passwd',
      `/runs/done/artifacts/${key}/grade`,
      '/runs/done/run.sqlite',
    ]) {
      const reply = await get(view.url, path);
      expect([path, reply.status]).toEqual([path, 404]);
      expect(reply.body.toString()).not.toContain('root:');
    }
    view.child.kill('SIGINT');
    expect(await view.exited).toBe(0);
  });

  it('shows a running run, its newly recorded attempts within 5 s, and stale entries once its runner is killed', {
    timeout: 120_000,
  }, async () => {
    const csv = managerCsv(
      Array.from({ length: 30 }, (_, i) => ({
        id: `${3000 + i}-manager-0`,
        price: 1000,
        proposals: 2,
        correct: 0,
      })),
    );
    writeFileSync(join(work, 'tasks.csv'), csv);
    const runDir = join(runs, 'live');
    const runner = spawn(NODE, [BIN, 'run', 'tasks.csv', '--agent', 'gold', '--run-dir', runDir], {
      cwd: work,
      env: { ...process.env, SWELANCER_ATTEMPT_DELAY_MS: '400' },
      stdio: 'ignore',
    });
    const runnerExited = once(runner, 'exit');
    const view = await startView(['runs']);
    while (recorded(runDir) < 1) await sleep(50);
    expect(await text(view.url, '/')).toContain('class="status running">running');

    const target = recorded(runDir) + 2;
    while (recorded(runDir) < target) await sleep(50);
    const since = Date.now();
    let shown = 0;
    while (shown < target && Date.now() - since < 5000) {
      const report = await text(view.url, '/runs/live/');
      shown = 30 - Number(/(\d+) pending/.exec(report)?.[1] ?? 30);
      if (shown < target) await sleep(200);
    }
    expect(shown).toBeGreaterThanOrEqual(target);

    // Killed mid-attempt (each waits 400 ms in flight): the lock's process is gone.
    runner.kill('SIGKILL');
    await runnerExited;
    expect(await text(view.url, '/')).toContain('class="status stale">stale');
    expect(await text(view.url, '/runs/live/')).toContain('(stale)');
    view.child.kill('SIGTERM');
    expect(await view.exited).toBe(0);
  });

  it('serves a read-only copy as another user and writes nothing into it', async () => {
    if (process.getuid?.() !== 0) {
      console.warn('skipped: serving as another user needs root (setpriv)');
      return;
    }
    const copy = join(work, 'copy');
    cpSync(join(runs, 'done'), copy, { recursive: true });
    await execa('chmod', ['-R', 'a-w', copy]);
    const before = readdirSync(copy, { recursive: true }).sort();
    const view = await startView([copy], '65534');
    expect(await text(view.url, '/')).toContain('href="runs/copy/"');
    expect(await text(view.url, '/runs/copy/')).toContain('swelancer report');
    expect(readdirSync(copy, { recursive: true }).sort()).toEqual(before);
    expect(view.stderr()).toBe('');
    view.child.kill('SIGINT');
    expect(await view.exited).toBe(0);
  });
});

function recorded(runDir: string): number {
  try {
    const db = new DatabaseSync(join(runDir, 'run.sqlite'), { readOnly: true });
    try {
      return Number(db.prepare('SELECT count(*) AS n FROM results').get()?.n ?? 0);
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
