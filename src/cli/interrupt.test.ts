import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { LOCK_FILE } from '../store/lock.ts';

const SCRIPT = join(import.meta.dirname, '..', '..', 'test', 'support', 'quit-twice.ts');

it('a second Ctrl-C exits 130 at once, says how to resume and leaves no run lock', async () => {
  const root = mkdtempSync(join(tmpdir(), 'swl-quit-'));
  const runDir = join(root, 'run');
  try {
    const child = spawn(process.execPath, [SCRIPT, runDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await new Promise<void>((ready) => child.stdout.once('data', () => ready()));
    expect(existsSync(join(runDir, LOCK_FILE))).toBe(true);
    child.kill('SIGINT');
    while (!stderr.includes('stopping')) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code, stderr).toBe(130);
    expect(stderr).toContain(`resume with: --resume ${runDir}`);
    expect(existsSync(join(runDir, LOCK_FILE))).toBe(false);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
