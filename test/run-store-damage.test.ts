/**
 * A run store that SQLite cannot read (truncated, garbage pages, a foreign header) or that
 * is empty: `run` (the same command, and --resume) and `suite validate` stop with exit 2
 * and a message naming the store file and what was found, before any work starts, and leave
 * the directory exactly as it was. Driven through the CLI entry point in this process.
 */
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../src/store/schema.ts';
import { type CsvManagerRow, managerCsv } from './run-helpers.ts';
import { inProcessCli } from './support/in-process-cli.ts';

const ROWS: CsvManagerRow[] = Array.from({ length: 6 }, (_, i) => ({
  id: `${3000 + i}-manager-0`,
  price: 1000,
  proposals: 3,
  correct: i % 3,
}));
const TINY = join(import.meta.dirname, 'fixtures', 'suites', 'tiny');
const RUN = ['run', 'tasks.csv', '--agent', 'gold', '--agent', 'noop', '--attempts', '2'];

let cwd: string;
let sane: string;

function swelancer(...args: string[]) {
  return inProcessCli(cwd, args);
}

/** A copy of the sane run, damaged by `damage(storeFile)`. */
function damaged(name: string, damage: (file: string) => void): string {
  const dir = join(cwd, name);
  cpSync(sane, dir, { recursive: true });
  damage(join(dir, DB_FILE));
  return dir;
}

/** The store's bytes and the folder's names, besides the side files a SQLite reader makes. */
function snapshot(dir: string) {
  const wal = join(dir, `${DB_FILE}-wal`);
  return {
    names: readdirSync(dir)
      .filter(
        (name) => !name.endsWith('-shm') && !(name.endsWith('-wal') && statSync(wal).size === 0),
      )
      .sort(),
    store: readFileSync(join(dir, DB_FILE)),
  };
}

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'swl-store-damage-'));
  writeFileSync(join(cwd, 'tasks.csv'), managerCsv(ROWS));
  sane = join(cwd, 'sane');
  const run = await swelancer(...RUN, '--run-dir', sane);
  expect(run.code, run.stderr).toBe(0);
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('a damaged run store', () => {
  const cases: [string, (file: string) => void, RegExp][] = [
    [
      'truncated to half',
      (file) => {
        const bytes = readFileSync(file);
        writeFileSync(file, bytes.subarray(0, bytes.length / 2));
      },
      /malformed/,
    ],
    [
      'truncated to 4096 bytes',
      (file) => writeFileSync(file, readFileSync(file).subarray(0, 4096)),
      /malformed/,
    ],
    [
      'garbage pages in the middle',
      (file) => {
        const bytes = readFileSync(file);
        bytes.fill(0xa5, 4096 * 4, 4096 * 4 + 8000);
        writeFileSync(file, bytes);
      },
      /malformed|quick_check/,
    ],
    [
      'a header that is not SQLite',
      (file) => {
        const bytes = readFileSync(file);
        bytes.write('this is not sqlite!!', 0);
        writeFileSync(file, bytes);
      },
      /not a database/,
    ],
  ];

  it.each(cases)('%s: exit 2 naming the store, nothing changed', async (name, damage, found) => {
    const dir = damaged(name.replaceAll(' ', '-'), damage);
    const before = snapshot(dir);
    const file = join(dir, DB_FILE).replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const message = new RegExp(`${file}: expected a readable run store, found .*`);

    for (const args of [
      ['run', '--resume', dir],
      [...RUN, '--run-dir', dir],
    ]) {
      const run = await swelancer(...args);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(found);
      expect(run.stderr).not.toMatch(/internal error|resuming|not a swelancer run/);
      expect(snapshot(dir)).toEqual(before);
    }
  });

  it('suite validate refuses it too', async () => {
    const dir = damaged('validate', (file) => writeFileSync(file, 'not a database '.repeat(500)));
    const before = snapshot(dir);
    const run = await swelancer(
      'suite',
      'validate',
      TINY,
      '--id',
      'greeting-spaces',
      '--run-dir',
      dir,
    );
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`${join(dir, DB_FILE)}: expected a readable run store`);
    expect(snapshot(dir)).toEqual(before);
  });

  it('says an empty (0-byte) store is empty', async () => {
    const dir = damaged('empty', (file) => writeFileSync(file, ''));
    // Something else in the folder: not a run killed while creating its store.
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const before = snapshot(dir);
    for (const args of [
      ['run', '--resume', dir],
      [...RUN, '--run-dir', dir],
    ]) {
      const run = await swelancer(...args);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(`${join(dir, DB_FILE)} is empty (0 bytes)`);
      expect(snapshot(dir)).toEqual(before);
    }
  });
});
