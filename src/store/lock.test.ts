import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireRunLock, LOCK_FILE } from './lock.ts';

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot. */
function startTime(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
}

/** A lock file as another process would have left it: the pid line, then the details. */
function lockText(details: Record<string, unknown>): string {
  return `${details.pid}\n${JSON.stringify(details)}\n`;
}

describe('run lock', () => {
  let dir: string;
  let file: string;
  // A live process that is not this one: the test runner's parent.
  const other = process.ppid;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'swl-lock-'));
    file = join(dir, LOCK_FILE);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('records pid, start time, host and a lease, and removes only its own lock', () => {
    const lock = acquireRunLock(dir);
    const [pidLine, json] = readFileSync(file, 'utf8').split('\n');
    expect(pidLine).toBe(String(process.pid));
    expect(JSON.parse(json ?? '')).toMatchObject({
      pid: process.pid,
      startTime: startTime(process.pid),
      host: hostname(),
      since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      renewedAt: expect.any(Number),
      leaseMs: 120_000,
    });
    lock.release();
    expect(existsSync(file)).toBe(false);

    const first = acquireRunLock(dir);
    writeFileSync(file, lockText({ pid: other, startTime: startTime(other), host: hostname() }));
    first.release();
    expect(existsSync(file)).toBe(true);
  });

  it('refuses a live holder, naming its pid, host and since when', () => {
    const since = '2025-03-04T05:06:07.000Z';
    writeFileSync(
      file,
      lockText({ pid: other, startTime: startTime(other), host: hostname(), since }),
    );
    expect(() => acquireRunLock(dir)).toThrow(
      `run directory ${dir} is in use by process ${other} on ${hostname()} since ${since}`,
    );
  });

  it('takes over a lock whose pid now belongs to another process', () => {
    writeFileSync(
      file,
      lockText({ pid: other, startTime: startTime(other) - 1, host: hostname(), since: 'x' }),
    );
    acquireRunLock(dir).release();
  });

  it('understands a lock holding only a pid', () => {
    writeFileSync(file, `${other}\n`);
    expect(() => acquireRunLock(dir)).toThrow(
      new RegExp(`in use by process ${other} since \\d{4}-\\d\\d-\\d\\dT`),
    );
    writeFileSync(file, '999999999\n');
    acquireRunLock(dir).release();
  });

  it('takes over a lock from another host only once its lease has expired', () => {
    const held = { pid: 4242, startTime: 1, host: 'elsewhere', since: '2025-01-01T00:00:00.000Z' };
    writeFileSync(file, lockText({ ...held, renewedAt: Date.now() - 1000, leaseMs: 60_000 }));
    expect(() => acquireRunLock(dir)).toThrow(
      /in use by process 4242 on elsewhere since 2025-01-01T00:00:00.000Z \(lease renewed 1 s ago/,
    );
    writeFileSync(file, lockText({ ...held, renewedAt: Date.now() - 61_000, leaseMs: 60_000 }));
    acquireRunLock(dir).release();
  });

  it('judges a lock from before a restart, or from a machine of the same name, by its lease', () => {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    // This very pid and start time, but another boot: not this process.
    const held = {
      pid: process.pid,
      startTime: startTime(process.pid),
      bootId: `${boot.slice(0, -1)}${boot.endsWith('0') ? '1' : '0'}`,
      host: hostname(),
      since: '2025-01-01T00:00:00.000Z',
      leaseMs: 60_000,
    };
    writeFileSync(file, lockText({ ...held, renewedAt: Date.now() - 1000 }));
    expect(() => acquireRunLock(dir)).toThrow(/lease renewed 1 s ago/);
    writeFileSync(file, lockText({ ...held, renewedAt: Date.now() - 61_000 }));
    acquireRunLock(dir).release();
  });

  it('renews its lease while held', async () => {
    const lock = acquireRunLock(dir, { leaseMs: 80 });
    const renewedAt = () => JSON.parse(readFileSync(file, 'utf8').split('\n')[1] ?? '').renewedAt;
    const first = renewedAt();
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(renewedAt()).toBeGreaterThan(first);
    lock.release();
  });

  it('lets exactly one of several processes take over a stale lock at once', async () => {
    writeFileSync(file, '999999999\n');
    // Each child waits for the same instant, tries, and holds what it got until stdin ends.
    const script = `
      const [, lockModule, dir, at] = process.argv;
      const { acquireRunLock } = await import(lockModule);
      while (Date.now() < Number(at)) {}
      let lock;
      try { lock = acquireRunLock(dir); console.log('held'); }
      catch (error) { console.log('refused: ' + error.message); }
      process.stdin.resume();
      process.stdin.on('end', () => lock?.release());`;
    const at = Date.now() + 2000;
    const children = Array.from({ length: 3 }, () =>
      spawn(
        process.execPath,
        ['--input-type=module', '-e', script, join(import.meta.dirname, 'lock.ts'), dir, `${at}`],
        { stdio: ['pipe', 'pipe', 'inherit'] },
      ),
    );
    const answers = await Promise.all(
      children.map(
        (child) =>
          new Promise<string>((resolve) => {
            let out = '';
            child.stdout.on('data', (chunk: Buffer) => {
              out += chunk.toString();
              if (out.includes('\n')) resolve(out.trim());
            });
          }),
      ),
    );
    for (const child of children) child.stdin.end();
    await Promise.all(children.map((child) => new Promise((resolve) => child.on('exit', resolve))));
    expect(answers.filter((a) => a === 'held')).toHaveLength(1);
    expect(answers.filter((a) => a.startsWith('refused: '))).toHaveLength(2);
    expect(existsSync(file)).toBe(false);
  });
});
