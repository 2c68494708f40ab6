/**
 * What the native loader agrees to read: regular files and folders whose real path stays
 * inside the suite. Each case builds a malformed copy of the tiny fixture suite.
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import {
  appendFile,
  cp,
  mkdir,
  mkdtemp,
  open,
  readFile,
  realpath,
  rm,
  stat,
  symlink,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { checkNativeSuite, loadNativeSuite } from './native-suite.ts';

const tiny = path.resolve(import.meta.dirname, '..', '..', 'test', 'fixtures', 'suites', 'tiny');
const IC = 'tasks/greeting-spaces';
const temps: string[] = [];
const fifos: string[] = [];

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

// A loader that opened a FIFO blocks a thread until a writer comes: give it one.
afterEach(async () => {
  for (const fifo of fifos.splice(0)) {
    const writer = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => null);
    await writer?.close();
  }
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** A private copy of the tiny suite, and a folder outside it holding a canary file. */
async function suiteAndOutside(): Promise<{ suite: string; outside: string; canary: string }> {
  const suite = await tempDir('swelancer-suite-');
  await cp(tiny, suite, { recursive: true });
  const outside = await realpath(await tempDir('swelancer-outside-'));
  const canary = path.join(outside, 'canary.md');
  await writeFile(canary, 'CANARY-OUTSIDE\n');
  return { suite, outside, canary };
}

async function replaceWithLink(target: string, link: string): Promise<void> {
  await rm(link, { recursive: true });
  await symlink(target, link);
}

async function messages(suite: string): Promise<string[]> {
  return (await checkNativeSuite(suite)).problems.map((p) => p.message);
}

const taskJson = (suite: string, task = IC) => path.join(suite, task, 'task.json');

describe('symlinks that leave the suite are refused', () => {
  it('for an issue file', async () => {
    const { suite, canary } = await suiteAndOutside();
    await replaceWithLink(canary, path.join(suite, IC, 'issue.md'));
    expect(await messages(suite)).toEqual([
      `${taskJson(suite)}, field "issue": expected a path inside the suite folder, found a symlink leading to ${canary} (issue.md)`,
    ]);
  });

  it('for an issue linked to /dev/zero, without reading it', async () => {
    const { suite } = await suiteAndOutside();
    await replaceWithLink('/dev/zero', path.join(suite, IC, 'issue.md'));
    expect(await messages(suite)).toEqual([
      `${taskJson(suite)}, field "issue": expected a path inside the suite folder, found a symlink leading to /dev/zero (issue.md)`,
    ]);
  });

  it('for task.json, suite.json and a proposal', async () => {
    const { suite, outside, canary } = await suiteAndOutside();
    const outsideTask = path.join(outside, 'task.json');
    await cp(taskJson(suite), outsideTask);
    await replaceWithLink(outsideTask, taskJson(suite));
    await replaceWithLink(canary, path.join(suite, 'tasks/pick-greeting-fix/proposals/0.md'));
    expect(await messages(suite)).toEqual([
      `${taskJson(suite)}: expected a path inside the suite folder, found a symlink leading to ${outsideTask}`,
      `${taskJson(suite, 'tasks/pick-greeting-fix')}, field "manager.proposals[0].file": expected a path inside the suite folder, found a symlink leading to ${canary} (proposals/0.md)`,
    ]);

    const outsideManifest = path.join(outside, 'suite.json');
    await cp(path.join(suite, 'suite.json'), outsideManifest);
    await replaceWithLink(outsideManifest, path.join(suite, 'suite.json'));
    expect(await messages(suite)).toEqual([
      `${path.join(suite, 'suite.json')}: expected a path inside the suite folder, found a symlink leading to ${outsideManifest}`,
    ]);
  });

  it('for a hidden tests folder, and for a file inside one', async () => {
    const { suite, outside, canary } = await suiteAndOutside();
    const tests = path.join(suite, IC, 'tests');
    const outsideTests = path.join(outside, 'tests');
    await cp(tests, outsideTests, { recursive: true });
    await replaceWithLink(outsideTests, tests);
    expect(await messages(suite)).toEqual([
      `${taskJson(suite)}, field "ic.tests": expected a path inside the suite folder, found a symlink leading to ${outsideTests} (tests)`,
    ]);

    await replaceWithLink(path.join(suite, 'codebase'), tests);
    await rm(tests);
    await cp(outsideTests, tests, { recursive: true });
    await symlink(canary, path.join(tests, 'canary.spec.ts'));
    expect(await messages(suite)).toEqual([
      `${taskJson(suite)}, field "ic.tests": expected a path inside the suite folder, found a symlink leading to ${canary} (tests/canary.spec.ts)`,
    ]);
  });

  it('for a codebase folder, and for a file inside one', async () => {
    const { suite, outside, canary } = await suiteAndOutside();
    const codebase = path.join(suite, 'codebase');
    const outsideCodebase = path.join(outside, 'codebase');
    await cp(codebase, outsideCodebase, { recursive: true });
    await replaceWithLink(outsideCodebase, codebase);
    const manifest = path.join(suite, 'suite.json');
    const problems = await messages(suite);
    expect(problems[0]).toBe(
      `${manifest}, field "codebases.greeter.dir": expected a path inside the suite folder, found a symlink leading to ${outsideCodebase} (${codebase})`,
    );

    await rm(codebase);
    await cp(outsideCodebase, codebase, { recursive: true });
    await symlink(canary, path.join(codebase, 'CANARY.md'));
    expect((await messages(suite))[0]).toBe(
      `${manifest}, field "codebases.greeter.dir": expected a path inside the suite folder, found a symlink leading to ${canary} (${path.join(codebase, 'CANARY.md')})`,
    );
  });
});

describe('symlinks that stay inside the suite', () => {
  it('are read, and their target is part of the content hash', async () => {
    const { suite } = await suiteAndOutside();
    const shared = path.join(suite, 'shared');
    await mkdir(shared);
    await writeFile(path.join(shared, 'issue.md'), 'The shared issue text.\n');
    await writeFile(path.join(shared, 'NOTICE.md'), 'First notice.\n');
    await replaceWithLink('../../shared/issue.md', path.join(suite, IC, 'issue.md'));
    await symlink('../shared/NOTICE.md', path.join(suite, 'codebase', 'NOTICE.md'));
    const before = await loadNativeSuite(suite);
    expect(before.tasks[0]?.issue).toBe('The shared issue text.\n');

    await writeFile(path.join(shared, 'NOTICE.md'), 'Second notice.\n');
    const after = await loadNativeSuite(suite);
    expect(after.tasks[0]?.contentHash).not.toBe(before.tasks[0]?.contentHash);
  });

  it('may not point at a folder inside a hidden tests folder', async () => {
    const { suite } = await suiteAndOutside();
    await symlink('../../pick-greeting-fix', path.join(suite, IC, 'tests', 'more'));
    expect(await messages(suite)).toEqual([
      `${taskJson(suite)}, field "ic.tests": expected a file or a folder (a symlink may point only at a file), found a symlink to a folder (tests/more)`,
    ]);
  });
});

describe('only regular files are opened', () => {
  it('refuses a named pipe in place of an issue at once', async () => {
    const { suite } = await suiteAndOutside();
    const issue = path.join(suite, IC, 'issue.md');
    await rm(issue);
    await promisify(execFile)('mkfifo', [issue]);
    fifos.push(issue);
    expect(await messages(suite)).toEqual([
      `${taskJson(suite)}, field "issue": expected a file, found a named pipe (issue.md)`,
    ]);
  });

  it('refuses a named pipe in place of task.json, and inside a hidden tests folder', async () => {
    const { suite } = await suiteAndOutside();
    await rm(taskJson(suite));
    await promisify(execFile)('mkfifo', [taskJson(suite)]);
    fifos.push(taskJson(suite));
    const pipe = path.join(suite, 'tasks/pick-greeting-fix/proposals/pipe');
    await promisify(execFile)('mkfifo', [pipe]);
    fifos.push(pipe);
    expect(await messages(suite)).toEqual([
      `${taskJson(suite)}: expected a file, found a named pipe`,
    ]);

    await rm(taskJson(suite));
    await cp(taskJson(tiny), taskJson(suite));
    const inTests = path.join(suite, IC, 'tests', 'pipe');
    await promisify(execFile)('mkfifo', [inTests]);
    fifos.push(inTests);
    expect(await messages(suite)).toEqual([
      `${taskJson(suite)}, field "ic.tests": expected a file or a folder (a symlink may point only at a file), found a named pipe (tests/pipe)`,
    ]);
  });
});

describe('file sizes are limited before anything is read', () => {
  it('refuses an issue over 1 MiB and a task.json over 256 KiB, and takes one at the limit', async () => {
    const { suite } = await suiteAndOutside();
    const issue = path.join(suite, IC, 'issue.md');
    await writeFile(issue, 'a'.repeat(1024 * 1024));
    expect(await messages(suite)).toEqual([]);

    await truncate(issue, 1024 * 1024 + 1);
    const manager = taskJson(suite, 'tasks/pick-port-config');
    await appendFile(manager, ' '.repeat(256 * 1024));
    expect(await messages(suite)).toEqual([
      `${taskJson(suite)}, field "issue": expected at most 1048576 bytes, found 1048577 bytes (issue.md)`,
      `${manager}: expected at most 262144 bytes, found ${(await stat(manager)).size} bytes`,
    ]);
  });
});

describe('text files must be UTF-8', () => {
  it('names the file and the offset of the first byte that is not', async () => {
    const { suite } = await suiteAndOutside();
    await writeFile(path.join(suite, IC, 'issue.md'), Buffer.from('Caf\xe9 au lait\n', 'latin1'));
    // A Latin-1 byte at the start of the title's value.
    const file = taskJson(suite, 'tasks/pick-port-config');
    const text = await readFile(file);
    const at = text.indexOf('"title": "') + '"title": "'.length;
    await writeFile(
      file,
      Buffer.concat([text.subarray(0, at), Buffer.from([0xff]), text.subarray(at)]),
    );
    expect(await messages(suite)).toEqual([
      `${taskJson(suite)}, field "issue": expected UTF-8 text, found a byte that is not UTF-8 at byte offset 3 (issue.md)`,
      `${file}: expected UTF-8 text, found a byte that is not UTF-8 at byte offset ${at}`,
    ]);
  });

  it('reads patches as bytes: a patch of a Latin-1 file is fine', async () => {
    const { suite } = await suiteAndOutside();
    await appendFile(path.join(suite, IC, 'break.patch'), Buffer.from('\xe9\n', 'latin1'));
    expect(await messages(suite)).toEqual([]);
  });

  it('takes a byte order mark at the start of suite.json, task.json and an issue', async () => {
    const { suite } = await suiteAndOutside();
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    for (const file of ['suite.json', `${IC}/task.json`, `${IC}/issue.md`]) {
      const full = path.join(suite, file);
      await writeFile(full, Buffer.concat([bom, await readFile(full)]));
    }
    const withBom = await loadNativeSuite(suite);
    const without = await loadNativeSuite(tiny);
    expect(withBom.tasks.map((t) => t.contentHash)).toEqual(
      without.tasks.map((t) => t.contentHash),
    );
    expect(withBom.tasks[0]?.issue).toBe(without.tasks[0]?.issue);
  });
});

describe('JSON numbers', () => {
  it('reports a price too large for a number as out of range, not as null', async () => {
    const { suite } = await suiteAndOutside();
    const file = taskJson(suite);
    await writeFile(file, (await readFile(file, 'utf8')).replace('"price": 250', '"price": 1e400'));
    expect(await messages(suite)).toEqual([
      `${file}, field "price": expected a positive number (the price in US dollars), found Infinity (a number out of range)`,
    ]);
  });
});
