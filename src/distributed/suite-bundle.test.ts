/** The suite bundle: equal suites, equal hashes; unpacked once per hash; damaged bytes refused. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { packSuite, unpackedSuite } from './suite-bundle.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'swl-bundle-'));
  mkdirSync(join(dir, 'suite', 'tasks', 'a'), { recursive: true });
  writeFileSync(join(dir, 'suite', 'swelancer-suite.json'), '{"name":"s"}');
  writeFileSync(join(dir, 'suite', 'tasks', 'a', 'run.sh'), '#!/bin/sh\necho hi\n', {
    mode: 0o755,
  });
  writeFileSync(join(dir, 'labels.json'), '{}');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('packs a suite folder and its categories file; unpacks them once per hash, modes kept', async () => {
  const bundle = await packSuite(join(dir, 'suite'), join(dir, 'labels.json'));
  if (!bundle) throw new Error('expected a bundle');
  expect(bundle.files).toBe(3);
  expect((await packSuite(join(dir, 'suite'), join(dir, 'labels.json')))?.hash).toBe(bundle.hash);
  let fetched = 0;
  const fetch = async () => {
    fetched += 1;
    return bundle.data;
  };
  const cache = join(dir, 'cache');
  const copy = await unpackedSuite(bundle.hash, cache, fetch);
  expect(copy.source).toBe(join(cache, 'suites', bundle.hash, 'suite'));
  expect(readFileSync(join(copy.source, 'tasks', 'a', 'run.sh'), 'utf8')).toBe(
    '#!/bin/sh\necho hi\n',
  );
  expect(statSync(join(copy.source, 'tasks', 'a', 'run.sh')).mode & 0o111).not.toBe(0);
  expect(readFileSync(copy.categories ?? '', 'utf8')).toBe('{}');
  await unpackedSuite(bundle.hash, cache, fetch);
  expect(fetched).toBe(1);

  writeFileSync(join(dir, 'suite', 'tasks', 'a', 'run.sh'), 'echo other\n');
  expect((await packSuite(join(dir, 'suite'), undefined))?.hash).not.toBe(bundle.hash);
});

it('refuses bytes that do not hash to the published hash, and a bundle Redis no longer holds', async () => {
  const bundle = await packSuite(
    join(dir, 'labels.json').replace('labels.json', 'suite'),
    undefined,
  );
  if (!bundle) throw new Error('expected a bundle');
  const damaged = Buffer.from(bundle.data);
  damaged.writeUInt8(damaged.readUInt8(damaged.length - 5) ^ 0xff, damaged.length - 5);
  await expect(unpackedSuite(bundle.hash, join(dir, 'c1'), async () => damaged)).rejects.toThrow(
    /does not hash to/,
  );
  await expect(unpackedSuite(bundle.hash, join(dir, 'c2'), async () => null)).rejects.toThrow(
    /is not in Redis/,
  );
});
