import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkNativeSuite, loadNativeSuite } from './native-suite.ts';
import { QUARANTINE_FILE, QUARANTINED_TAG, updateQuarantine } from './quarantine.ts';

const tiny = path.resolve(import.meta.dirname, '..', '..', 'test', 'fixtures', 'suites', 'tiny');
const temps: string[] = [];

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function copyOfTiny(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'swelancer-quarantine-'));
  temps.push(dir);
  await cp(tiny, dir, { recursive: true });
  return dir;
}

describe('quarantine.json', () => {
  it('tags the listed tasks quarantined without changing their content hash', async () => {
    const root = await copyOfTiny();
    const before = await loadNativeSuite(root);
    await writeFile(
      path.join(root, QUARANTINE_FILE),
      JSON.stringify({
        tasks: [
          { id: 'pick-greeting-fix', reason: 'flaky: proposal 1 passed 2 of 3' },
          { id: 'renamed-long-ago', reason: 'flaky' },
        ],
      }),
    );
    const after = await loadNativeSuite(root);
    const tagged = after.tasks.filter((t) => t.tags.includes(QUARANTINED_TAG)).map((t) => t.id);
    expect(tagged).toEqual(['pick-greeting-fix']);
    expect(after.tasks.map((t) => t.contentHash)).toEqual(before.tasks.map((t) => t.contentHash));
  });

  it('is a suite problem naming the field when malformed', async () => {
    const root = await copyOfTiny();
    await writeFile(path.join(root, QUARANTINE_FILE), JSON.stringify({ tasks: [{ id: 3 }] }));
    const check = await checkNativeSuite(root);
    const file = path.join(root, QUARANTINE_FILE);
    expect(check.problems.map((p) => p.message)).toEqual([
      `${file}, field "tasks[0].id": expected a task id (a string), found 3`,
      `${file}, field "tasks[0].reason": expected a reason (a string), found nothing (the field is missing)`,
    ]);
  });

  it('updates: flaky tasks enter or replace their entry, released ones leave, others stay', async () => {
    const root = await copyOfTiny();
    await updateQuarantine(root, {
      flaky: [
        { id: 'b', reason: 'flaky: first', evidence: {} },
        { id: 'c', reason: 'flaky', evidence: {} },
      ],
      released: [],
    });
    const { entries } = await updateQuarantine(root, {
      flaky: [{ id: 'a', reason: 'flaky: gold', evidence: { gold: 'passed 2 of 3' } }],
      released: ['c'],
    });
    expect(entries.map((e) => e.id)).toEqual(['a', 'b']);
    const written = JSON.parse(await readFile(path.join(root, QUARANTINE_FILE), 'utf8'));
    expect(written.tasks[0]).toEqual({
      id: 'a',
      reason: 'flaky: gold',
      evidence: { gold: 'passed 2 of 3' },
    });
  });
});
