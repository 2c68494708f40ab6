/**
 * Queue mode's overhead on manager tasks with the `gold` agent: attempts per second of one
 * run through a coordinator (`run … --queue`) and 2 `worker` processes on a local Redis
 * (AOF on, password), next to the same plan run locally in the same bench run. Both through
 * the real CLI; the figure is the summary's `durationMs` (plan recorded → last result
 * committed; for the queue: jobs added, executed on the workers, results returned,
 * artifacts written and rows committed).
 *
 *   node bench/queue-throughput.ts [--attempts 18] [-j 16] [--repeat 3]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { managerCsv } from '../test/run-helpers.ts';
import { BIN, startCli } from '../test/support/cli-process.ts';
import { startRedis } from '../test/support/redis-server.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? (args[at + 1] ?? fallback) : fallback;
};
const attempts = flag('--attempts', '18');
const jobs = flag('-j', '16');
const rounds = Number(flag('--repeat', '3'));

const work = mkdtempSync(join(tmpdir(), 'swl-bench-queue-'));
const redis = await startRedis();
try {
  const rows = Array.from({ length: 113 }, (_, i) => ({
    id: `${5000 + i}-manager-0`,
    price: 1000 * (1 + (i % 4)),
    proposals: 2 + (i % 6),
    correct: i % 2,
  }));
  writeFileSync(join(work, 'tasks.csv'), managerCsv(rows));
  const plan = ['run', 'tasks.csv', '--agent', 'gold', '--attempts', attempts, '--json'];
  const local: number[] = [];
  const queued: number[] = [];
  let total = 0;
  for (let round = 0; round < rounds; round++) {
    const dir = `local-${round}`;
    const out = execFileSync(process.execPath, [BIN, ...plan, '-j', jobs, '--run-dir', dir], {
      cwd: work,
      encoding: 'utf8',
    });
    const summary = JSON.parse(out) as { durationMs: number; recorded: number };
    total = summary.recorded;
    local.push(summary.durationMs);

    const workers = [0, 1].map(() => startCli(['worker', redis.url, '-j', jobs], { cwd: work }));
    await Promise.all(workers.map((w) => w.waitFor(/waiting for a run/)));
    const coordinator = startCli([...plan, '--run-dir', `queued-${round}`, '--queue', redis.url], {
      cwd: work,
    });
    if ((await coordinator.exited) !== 0) throw new Error(coordinator.stderr());
    const result = JSON.parse(coordinator.stdout()) as { durationMs: number; recorded: number };
    if (result.recorded !== total) throw new Error(`queue recorded ${result.recorded} of ${total}`);
    queued.push(result.durationMs);
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const row = (label: string, ms: number) =>
    `| ${label.padEnd(44)} | ${ms.toFixed(0).padStart(6)} ms | ${((total / ms) * 1000).toFixed(0).padStart(6)} /s | ${(ms / median(local)).toFixed(2)}× |`;
  console.log(
    `${total} attempts (113 manager tasks × ${attempts}, gold), -j ${jobs}, median of ${rounds}; ` +
      `${cpus().length} cores, Node ${process.version}`,
  );
  console.log('| run | runner time | attempts/s | × local |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(row('local run (baseline)', median(local)));
  console.log(row('queue: coordinator + 2 workers, Redis (AOF)', median(queued)));
  console.log(
    `local: ${local.map((x) => x.toFixed(0)).join(', ')} ms; queue: ${queued.map((x) => x.toFixed(0)).join(', ')} ms`,
  );
} finally {
  await redis.stop();
  rmSync(work, { recursive: true, force: true });
}
