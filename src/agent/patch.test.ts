import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { createAgent } from './registry.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'swelancer-patch-agent-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('--agent patch:<file>', () => {
  it('is an IC agent keyed by the content of its patch, not its name', async () => {
    const a = path.join(dir, 'a.diff');
    const b = path.join(dir, 'b.diff');
    await writeFile(a, 'diff --git a/x b/x\n');
    await writeFile(b, 'diff --git a/x b/x\n');
    const first = await createAgent(`patch:${a}`);
    const second = await createAgent(`patch:${b}`);
    expect(first.label).toBe(`patch:${a}`);
    expect(first.kinds).toEqual(['ic_swe']);
    expect(first.config).toEqual(second.config);
    await writeFile(b, 'diff --git a/y b/y\n');
    expect((await createAgent(`patch:${b}`)).config).not.toEqual(first.config);
  });

  it('refuses a missing file up front, naming it', async () => {
    const missing = path.join(dir, 'nope.diff');
    const error = await createAgent(`patch:${missing}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(
      `--agent patch:${missing}: expected a patch file at ${missing}, found nothing there`,
    );
  });
});
