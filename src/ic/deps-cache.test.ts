import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Codebase } from '../task/types.ts';
import { silentLogger } from '../util/logger.ts';
import { ensureDependencies } from './deps-cache.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'deps-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function codebase(installLog: string): Codebase {
  return {
    name: 'app',
    dir,
    // Slow enough that the callers below overlap; counts its runs in installLog.
    install: `echo run >> ${installLog} && sleep 0.3 && mkdir -p node_modules/left-pad`,
    lockfiles: ['package.json'],
    build: undefined,
    serve: 'true',
    port: 3000,
    readyPath: '/',
    unitTest: undefined,
  };
}

it('installs once for attempts that ask at the same time, and reuses the cache later', async () => {
  await writeFile(path.join(dir, 'package.json'), '{"name":"app"}');
  const log = path.join(dir, 'installs.log');
  const options = { cacheDir: path.join(dir, 'cache'), logger: silentLogger };
  const first = await Promise.all([1, 2, 3].map(() => ensureDependencies(codebase(log), options)));
  expect((await readFile(log, 'utf8')).trim().split('\n')).toEqual(['run']);
  expect(new Set(first.map((d) => d.nodeModules)).size).toBe(1);
  expect(first.filter((d) => d.installed)).toHaveLength(1);
  const later = await ensureDependencies(codebase(log), options);
  expect(later.installed).toBe(false);
  expect((await readFile(log, 'utf8')).trim().split('\n')).toEqual(['run']);
});
