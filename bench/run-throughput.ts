/**
 * Runner throughput on manager tasks with the `gold` agent: attempts per second, peak RSS,
 * and the time to resume a finished run, next to a raw SQLite baseline measured in the same
 * run (one committed insert per row, as the runner does), so results read as ratios.
 *
 *   node bench/run-throughput.ts [suite.csv] [--attempts 18] [-j 8] [--repeat 3]
 *
 * Default suite: the official lite CSV when present, else a generated CSV of 113 manager
 * tasks in the same format. Each measured command is the real CLI (`main()`), run in a fresh
 * Node process so its peak RSS is its own. Every measure is the median of `--repeat` rounds
 * (machines here are shared, so single timings are noisy).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Writable } from 'node:stream';
import { managerCsv } from '../test/run-helpers.ts';
import { LITE_CSV } from '../test/support/official-data.ts';

const LITE = LITE_CSV;

interface ChildReport {
  wallMs: number;
  maxRssMb: number;
  exitCode: number;
  summary: { recorded: number; alreadyDone: number; total: number; durationMs: number };
}

if (process.argv[2] === '--child') {
  await child(JSON.parse(process.argv[3] ?? '[]') as string[]);
} else {
  await parent();
}

/** Runs the CLI in this process and reports wall time since process start and peak RSS. */
async function child(argv: string[]): Promise<void> {
  const { main } = await import('../src/cli/main.ts');
  let out = '';
  const stdout = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  const stderr = new Writable({ write: (_c, _e, done) => done() });
  const exitCode = await main(argv, { stdout, stderr, env: process.env, cwd: process.cwd() });
  const report: ChildReport = {
    wallMs: performance.now(),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    exitCode,
    summary: JSON.parse(out || '{}'),
  };
  process.stdout.write(JSON.stringify(report));
}

function runChild(argv: string[], cwd: string): ChildReport {
  const result = spawnSync(
    process.execPath,
    [import.meta.filename, '--child', JSON.stringify(argv)],
    { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`child failed: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as ChildReport;
  if (report.exitCode !== 0) throw new Error(`swelancer run exited ${report.exitCode}`);
  return report;
}

/** One committed INSERT per row of a results-shaped table: the floor for a durable runner. */
function sqliteBaseline(dir: string, rows: number, synchronous: 'NORMAL' | 'FULL'): number {
  const file = join(dir, `baseline-${synchronous}.sqlite`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  const db = new DatabaseSync(file);
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous};`);
  db.exec(
    'CREATE TABLE results (key TEXT PRIMARY KEY, status TEXT, earned REAL, details TEXT, usage TEXT)',
  );
  const insert = db.prepare('INSERT INTO results VALUES (?, ?, ?, ?, ?)');
  const t0 = performance.now();
  for (let i = 0; i < rows; i++) {
    insert.run(`key-${i}`, 'passed', 1000, JSON.stringify({ selected: i % 5 }), '{}');
  }
  const ms = performance.now() - t0;
  db.close();
  return ms;
}

async function parent(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? (args[at + 1] ?? fallback) : fallback;
  };
  const attempts = flag('--attempts', '18');
  const jobs = flag('-j', '8');
  const work = mkdtempSync(join(tmpdir(), 'swl-bench-run-'));
  try {
    let source = args.find((a, i) => !a.startsWith('-') && !args[i - 1]?.startsWith('-'));
    let label = source ?? '';
    if (!source) {
      if (existsSync(LITE)) {
        source = LITE;
        label = 'official swelancer_tasks_lite.csv (113 manager tasks)';
      } else {
        source = join(work, 'generated.csv');
        const rows = Array.from({ length: 113 }, (_, i) => ({
          id: `${5000 + i}-manager-0`,
          price: 1000 * (1 + (i % 4)),
          proposals: 2 + (i % 6),
          correct: i % 2,
        }));
        writeFileSync(source, managerCsv(rows));
        label = 'generated CSV (113 manager tasks)';
      }
    }
    const argv = ['run', source, '--agent', 'gold', '--kind', 'swe_manager'];
    argv.push('--attempts', attempts, '-j', jobs, '--run-dir', join(work, 'run'), '--json');

    const rounds = Number(flag('--repeat', '3'));
    const samples: Record<string, number[]> = {};
    const note = (name: string, value: number) => {
      samples[name] = [...(samples[name] ?? []), value];
    };
    let n = 0;
    for (let round = 0; round < rounds; round++) {
      rmSync(join(work, 'run'), { recursive: true, force: true });
      const first = runChild(argv, work);
      n = first.summary.recorded;
      const resume = runChild(argv, work);
      const resumeFlag = runChild(['run', '--resume', join(work, 'run'), '--json'], work);
      if (resume.summary.recorded !== 0 || resumeFlag.summary.recorded !== 0) {
        throw new Error('a resume of a finished run ran attempts again');
      }
      note('run', first.summary.durationMs);
      note('runWall', first.wallMs);
      note('rss', first.maxRssMb);
      note('resumeWall', resume.wallMs);
      note('resumeRunner', resume.summary.durationMs);
      note('resumeFlagWall', resumeFlag.wallMs);
      note('resumeFlagRss', resumeFlag.maxRssMb);
      note('normal', sqliteBaseline(work, n, 'NORMAL'));
      note('full', sqliteBaseline(work, n, 'FULL'));
    }
    const m = (name: string) => median(samples[name] ?? []);
    const normal = m('normal');
    const full = m('full');
    const runMs = m('run');
    const lines = [
      `suite: ${label}; ${n} attempts (gold, --attempts ${attempts}, -j ${jobs}); median of ${rounds} rounds`,
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.versions.node}`,
      '',
      '| measure | value | baseline (same run) | ratio |',
      '|---|---|---|---|',
      `| run: ${n} attempts (runner only) | ${fmt(runMs)} ms = ${Math.round((n / runMs) * 1000)} attempts/s | raw SQLite, ${n} committed inserts (WAL, NORMAL): ${fmt(normal)} ms | ${(runMs / normal).toFixed(1)}× |`,
      `| run: whole command (start, load CSV, plan, run) | ${fmt(m('runWall'))} ms | | |`,
      `| peak RSS of the run | ${fmt(m('rss'))} MB | | |`,
      `| resume of the finished run, same command: whole command (start, load CSV, plan, check) | ${fmt(m('resumeWall'))} ms (all ${n} already done, 0 run) | | |`,
      `| same, runner only (open store, find missing keys, summarize) | ${fmt(m('resumeRunner'))} ms | | |`,
      `| resume with \`--resume <runDir>\`: whole command (store only, no CSV) | ${fmt(m('resumeFlagWall'))} ms, peak RSS ${fmt(m('resumeFlagRss'))} MB | | |`,
      `| per-row commit with synchronous=FULL instead | ${fmt(full)} ms | NORMAL: ${fmt(normal)} ms | ${(full / normal).toFixed(1)}× |`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function fmt(value: number): string {
  return value >= 100 ? String(Math.round(value)) : value.toFixed(1);
}
