import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZERO_USAGE } from '../model/usage.ts';
import { createRunStore, inspectRunStore, openRunStore } from './run-store.ts';
import { DB_FILE } from './schema.ts';
import type { AttemptResult, RunManifest, TaskRecord } from './types.ts';

const manifest: RunManifest = {
  command: ['run', 'x.csv', '--agent', 'gold'],
  suite: { name: 'lite', version: '1', origin: '/data/x.csv' },
  agents: [{ name: 'gold', label: 'gold', config: { agent: 'gold' } }],
  plan: {
    source: '/data/x.csv',
    agents: ['gold'],
    attempts: 1,
    filters: { kinds: [], tags: [], ids: [], minPrice: undefined, maxPrice: undefined },
    shuffleProposals: false,
    seed: 0,
  },
  skipped: [],
  planId: 'p1',
  gradingVersion: 'g1',
  createdAt: '2025-01-01T00:00:00.000Z',
};

const task: TaskRecord = {
  id: 't1',
  kind: 'swe_manager',
  title: 'A task',
  price: 1000,
  categories: ['ui_ux'],
  nature: undefined,
  tags: ['diamond'],
  contentHash: 'h1',
};

function result(key: string, status: AttemptResult['status'] = 'passed'): AttemptResult {
  return {
    key,
    taskId: 't1',
    agentLabel: 'gold',
    attemptIndex: 0,
    status,
    priceUsd: 1000,
    earnedUsd: status === 'passed' ? 1000 : 0,
    partialCredit: undefined,
    costUsd: 0,
    usage: ZERO_USAGE,
    model: undefined,
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:00:01.000Z',
    durationMs: 1000,
    infraRetries: 0,
    explanation: 'ok',
    details: { selected: 1 },
    artifacts: {},
  };
}

describe('run store', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'swl-store-')), 'run');
  });
  afterEach(() => rmSync(dirname(dir), { recursive: true, force: true }));

  function create() {
    return createRunStore(dir, {
      manifest,
      tasks: [task],
      plans: [
        { key: 'k1', taskId: 't1', agentLabel: 'gold', attemptIndex: 0 },
        { key: 'k2', taskId: 't1', agentLabel: 'gold', attemptIndex: 1 },
      ],
    });
  }

  it('round-trips manifest, tasks, plans and results', () => {
    const store = create();
    expect(store.record(result('k1'))).toBe(true);
    store.close();

    const reader = openRunStore(dir, { readonly: true });
    expect(reader.manifest()).toEqual(JSON.parse(JSON.stringify(manifest)));
    expect(reader.tasks()).toEqual([task]);
    expect(reader.plans().map((p) => p.key)).toEqual(['k1', 'k2']);
    expect(reader.results()).toEqual([result('k1')]);
    reader.close();
  });

  it("keeps each task's issue and proposals, and reads one result by key", () => {
    const proposals = [
      { id: 0, text: 'Recompute the total on save.' },
      { id: 1, text: 'Cache the total in the client.' },
    ];
    createRunStore(dir, {
      manifest,
      tasks: [task],
      plans: [{ key: 'k1', taskId: 't1', agentLabel: 'gold', attemptIndex: 0 }],
      texts: [{ taskId: 't1', issue: '# Totals are wrong', proposals }],
    }).close();
    const reader = openRunStore(dir, { readonly: true });
    expect(reader.taskTexts()).toEqual([{ taskId: 't1', issue: '# Totals are wrong', proposals }]);
    expect(reader.taskTexts(['t1', 'absent'])).toHaveLength(1);
    expect(reader.result('k1')).toBeUndefined();
    reader.close();
    const writer = openRunStore(dir);
    writer.record(result('k1'));
    writer.close();
    const again = openRunStore(dir, { readonly: true });
    expect(again.result('k1')).toEqual(result('k1'));
    again.close();
  });

  it('reads no task texts from a store made before they were recorded', () => {
    create().close();
    const db = new DatabaseSync(join(dir, DB_FILE));
    db.exec('DROP TABLE task_texts');
    db.close();
    const reader = openRunStore(dir, { readonly: true });
    expect(reader.taskTexts()).toEqual([]);
    reader.close();
  });

  it('refuses a second result for the same key, and any update or delete', () => {
    const store = create();
    expect(store.record(result('k1', 'failed'))).toBe(true);
    expect(store.record(result('k1', 'passed'))).toBe(false);
    store.close();

    const db = new DatabaseSync(join(dir, DB_FILE));
    expect(() => db.exec("UPDATE results SET status = 'passed'")).toThrow(/results are final/);
    expect(() => db.exec('DELETE FROM results')).toThrow(/results are final/);
    expect(() => db.exec('INSERT OR REPLACE INTO results SELECT * FROM results')).toThrow();
    db.close();
    const reader = openRunStore(dir, { readonly: true });
    expect(reader.results().map((r) => r.status)).toEqual(['failed']);
    reader.close();
  });

  it('releases only infra errors for a retry, keeping them as history', () => {
    const store = create();
    store.record(result('k1', 'failed'));
    store.record(result('k2', 'infra_error'));
    expect(store.releaseInfraErrors(new Set(['k1', 'k2']))).toBe(1);
    expect(store.finishedKeys()).toEqual(new Set(['k1']));
    expect(store.record(result('k2', 'passed'))).toBe(true);
    expect(store.releaseInfraErrors(new Set(['k1', 'k2']))).toBe(0);
    store.close();

    const db = new DatabaseSync(join(dir, DB_FILE));
    // A measured result stays final, after the retry schema as before it.
    expect(() => db.exec("DELETE FROM results WHERE key = 'k1'")).toThrow(/results are final/);
    db.close();
    const reader = openRunStore(dir, { readonly: true });
    expect(reader.results().map((r) => [r.key, r.status])).toEqual([
      ['k1', 'failed'],
      ['k2', 'passed'],
    ]);
    expect(reader.supersededResults()).toEqual([result('k2', 'infra_error')]);
    reader.close();
  });

  it('rejects earnings that do not follow the status', () => {
    const store = create();
    expect(() => store.record({ ...result('k1', 'failed'), earnedUsd: 1000 })).toThrow(/CHECK/);
    expect(() => store.record(result('unplanned'))).toThrow(/FOREIGN KEY/);
    store.close();
  });

  it('reads while a writer holds the run, and locks out a second writer', () => {
    const store = create();
    store.record(result('k1'));
    const reader = openRunStore(dir, { readonly: true });
    expect(store.finishedKeys()).toEqual(new Set(['k1']));
    expect(reader.results()).toHaveLength(1);
    // The lock is per process; a second writer in this process models a second command.
    expect(existsSync(join(dir, 'run.lock'))).toBe(true);
    reader.close();
    store.close();
    expect(existsSync(join(dir, 'run.lock'))).toBe(false);
    const again = openRunStore(dir);
    expect(again.finishedKeys().size).toBe(1);
    again.close();
  });

  it('says which directory holds no run', () => {
    expect(inspectRunStore(dir)).toEqual({ kind: 'none' });
    expect(() => openRunStore(dir, { readonly: true })).toThrow(/no run at .*run\.sqlite/);
  });

  it('refuses a damaged store at open, naming the file, and writes nothing to it', () => {
    const store = create();
    store.record(result('k1'));
    store.close();
    const file = join(dir, DB_FILE);
    const bytes = readFileSync(file);
    // Every page but the first (the schema) overwritten with garbage.
    bytes.fill(0xa5, 4096);
    writeFileSync(file, bytes);
    const damaged = /run\.sqlite: expected a readable run store, found .*left as it is/;
    expect(() => inspectRunStore(dir)).toThrow(damaged);
    expect(() => openRunStore(dir, { readonly: true, verify: true })).toThrow(damaged);
    expect(() => openRunStore(dir)).toThrow(damaged);
    expect(() => createRunStore(dir, { manifest, tasks: [task], plans: [] })).toThrow(damaged);
    expect(readFileSync(file)).toEqual(bytes);
    expect(existsSync(join(dir, 'run.lock'))).toBe(false);
  });

  it('tells an empty store from a missing one', () => {
    mkdirSync(dir);
    writeFileSync(join(dir, DB_FILE), '');
    expect(inspectRunStore(dir)).toEqual({
      kind: 'uninitialized',
      detail: `${join(dir, DB_FILE)} is empty (0 bytes)`,
    });
    expect(() => openRunStore(dir, { readonly: true })).toThrow(/run\.sqlite is empty \(0 bytes\)/);
    create().close();
    expect(inspectRunStore(dir)).toMatchObject({ kind: 'run', manifest: { planId: 'p1' } });
  });

  it('writes artifacts under artifacts/<key>/ and lists them', async () => {
    const store = create();
    const sink = store.artifactSink('k1');
    const path = await sink.write('logs/test.txt', 'hello');
    expect(path).toBe('artifacts/k1/logs/test.txt');
    expect(readFileSync(join(dir, path), 'utf8')).toBe('hello');
    expect(sink.written()).toEqual({ 'logs/test.txt': path });
    await expect(sink.write('../escape', 'x')).rejects.toThrow(/artifact name/);
    await store.clearArtifacts('k1');
    expect(existsSync(join(dir, path))).toBe(false);
    store.close();
  });
});
