import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { checkSuite, detectSource, loadSuite } from './load.ts';
import { SuiteInvalidError } from './problems.ts';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'test', 'fixtures', 'suites');

describe('loadSuite', () => {
  it('reads a folder with suite.json, or the suite.json itself, as a native suite', async () => {
    expect(await detectSource(path.join(fixtures, 'tiny'))).toEqual({
      kind: 'native',
      location: path.join(fixtures, 'tiny'),
    });
    const suite = await loadSuite(path.join(fixtures, 'tiny', 'suite.json'));
    expect(suite.name).toBe('tiny');
  });

  it('reads a .csv file as an official SWE-Lancer CSV', async () => {
    const suite = await loadSuite(path.join(fixtures, 'csv', 'good.csv'));
    expect(suite.tasks.map((t) => t.id)).toEqual(['100-manager-0', '100']);
  });

  it('says what it accepts when given something else', async () => {
    const cases: [string, string][] = [
      [path.join(fixtures, 'nothing-here'), 'found nothing there'],
      [path.join(fixtures, 'tiny', 'codebase'), 'found a folder without suite.json'],
      [path.join(fixtures, 'tiny', 'codebase', 'server.js'), 'found another kind of file'],
    ];
    for (const [source, found] of cases) {
      const error = await loadSuite(source).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toBe(
        `${source}: expected a suite folder (with a suite.json), its suite.json, or an official SWE-Lancer .csv file (e.g. swelancer_tasks_lite.csv), ${found}`,
      );
    }
  });

  it('refuses a named pipe given as a CSV file instead of waiting on it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'swelancer-load-'));
    try {
      const pipe = path.join(dir, 'tasks.csv');
      await promisify(execFile)('mkfifo', [pipe]);
      const error = await loadSuite(pipe).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toMatch(
        /tasks\.csv: expected a suite folder .*, found a named pipe$/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('throws the problems of an invalid source, and checkSuite returns them', async () => {
    const broken = path.join(fixtures, 'csv', 'bad-rows.csv');
    await expect(loadSuite(broken)).rejects.toBeInstanceOf(SuiteInvalidError);
    const { problems } = await checkSuite(broken);
    expect(problems).toHaveLength(7);
  });
});
