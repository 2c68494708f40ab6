/** Attempts in flight: noted by the runner, gone once recorded, stale once the runner is. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attempt, planOf, runOf, task, writeRun } from '../../test/report-helpers.ts';
import { readRunForReport } from '../report/read-run.ts';
import { runLockHeld } from './lock.ts';
import { openRunStore } from './run-store.ts';
import { DB_FILE } from './schema.ts';

const A = task('A', 1000);
const B = task('B', 2000);
const done = attempt(A, 'gold', 0, 'passed');
const running = attempt(B, 'gold', 0, 'passed');

let dir: string;
beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'swelancer-in-flight-')), 'run');
  // A and B planned; no result yet.
  writeRun(dir, { tasks: [A, B], plans: [planOf(done), planOf(running)], results: [] });
});
afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

describe('attempts in flight', () => {
  it('are noted with their stage and leave when their result is recorded', () => {
    const store = openRunStore(dir);
    try {
      store.markInFlight(planOf(done), 'starting');
      store.markInFlight(planOf(running), 'starting');
      store.markInFlight(planOf(running), 'agent');
      const rows = store.inFlight();
      expect(rows.map((row) => [row.taskId, row.stage, row.pid])).toEqual([
        ['A', 'starting', process.pid],
        ['B', 'agent', process.pid],
      ]);
      expect((rows[1]?.updatedAt ?? '') >= (rows[1]?.startedAt ?? '~')).toBe(true);
      expect(store.record(done)).toBe(true);
      expect(store.inFlight().map((row) => row.taskId)).toEqual(['B']);
      // Another reader sees the same, while the runner holds the lock.
      const live = readRunForReport(dir);
      expect(runLockHeld(dir)).toBe(true);
      expect(live.inFlight).toMatchObject([{ taskId: 'B', stage: 'agent', stale: false }]);
      store.clearInFlight(planOf(running).key);
      expect(store.inFlight()).toEqual([]);
    } finally {
      store.close();
    }
  });

  it("carry the agent's steps and spend, kept while the stage changes and read by reports", () => {
    const store = openRunStore(dir);
    try {
      store.markInFlight(planOf(running), 'agent');
      expect(store.inFlight()[0]).not.toHaveProperty('steps');
      store.markInFlight(planOf(running), 'agent', { steps: 3, spendUsd: 0.25 });
      const inStage = store.inFlight()[0]?.updatedAt;
      store.markInFlight(planOf(running), 'agent', { steps: 4, spendUsd: null });
      expect(store.inFlight()[0]).toMatchObject({ steps: 4, spendUsd: null, updatedAt: inStage });
      store.markInFlight(planOf(running), 'grade');
      expect(store.inFlight()[0]).toMatchObject({ stage: 'grade', steps: 4, spendUsd: null });
      store.markInFlight(planOf(running), 'grade', { steps: 4, spendUsd: 0.5 });
      expect(readRunForReport(dir).inFlight).toMatchObject([{ steps: 4, spendUsd: 0.5 }]);
    } finally {
      store.close();
    }
  });

  it('gain the steps and spend columns in a store made before them', () => {
    restoreFirstInFlightTable(dir);
    const store = openRunStore(dir);
    try {
      store.markInFlight(planOf(running), 'agent', { steps: 1, spendUsd: 0.01 });
      expect(store.inFlight()).toMatchObject([{ taskId: 'B', steps: 1, spendUsd: 0.01 }]);
    } finally {
      store.close();
    }
  });

  it('are stale once no runner holds the run, and cleared by the next writer', () => {
    const store = openRunStore(dir);
    store.markInFlight(planOf(running), 'grade');
    store.close(); // as if killed mid-attempt: the row stays, the lock goes
    expect(runLockHeld(dir)).toBe(false);
    const { inFlight } = readRunForReport(dir);
    expect(inFlight).toMatchObject([{ taskId: 'B', stage: 'grade', stale: true }]);
    const resumed = openRunStore(dir);
    try {
      expect(resumed.inFlight()).toEqual([]);
    } finally {
      resumed.close();
    }
  });

  it('read as none from a store made before they were noted', () => {
    const db = new DatabaseSync(join(dir, DB_FILE));
    db.exec('DROP TABLE in_flight');
    db.close();
    const reader = openRunStore(dir, { readonly: true });
    try {
      expect(reader.inFlight()).toEqual([]);
    } finally {
      reader.close();
    }
    // A writer adds the table back.
    const store = openRunStore(dir);
    try {
      store.markInFlight(planOf(running), 'prepare');
      expect(store.inFlight()).toHaveLength(1);
    } finally {
      store.close();
    }
  });

  it('name their queue worker; a store whose table predates the worker column gets it', () => {
    restoreFirstInFlightTable(dir);
    const store = openRunStore(dir);
    try {
      store.markInFlight(planOf(done), 'agent');
      store.markInFlight(planOf(running), 'starting', undefined, 'host-a:41');
      store.markInFlight(planOf(running), 'grade', undefined, 'host-b:7');
      expect(store.inFlight().map((row) => [row.taskId, row.stage, row.worker])).toEqual([
        ['A', 'agent', undefined],
        ['B', 'grade', 'host-b:7'],
      ]);
      expect(readRunForReport(dir).inFlight[1]).toMatchObject({ worker: 'host-b:7' });
    } finally {
      store.close();
    }
  });

  it('never hold a recorded attempt, even when a result was already there', () => {
    writeRun(join(dir, '..', 'other'), runOf([A], [done]));
    const store = openRunStore(join(dir, '..', 'other'));
    try {
      store.markInFlight(planOf(done), 'grade');
      expect(store.record(done)).toBe(false);
      expect(store.inFlight()).toEqual([]);
    } finally {
      store.close();
    }
  });
});

/** Puts back `in_flight` as first shipped, before any column was added to it. */
function restoreFirstInFlightTable(runDir: string): void {
  const db = new DatabaseSync(join(runDir, DB_FILE));
  db.exec('DROP TABLE in_flight');
  db.exec(`CREATE TABLE in_flight (
    key TEXT PRIMARY KEY REFERENCES plans (key), task_id TEXT NOT NULL,
    agent_label TEXT NOT NULL, attempt_index INTEGER NOT NULL, stage TEXT NOT NULL,
    started_at TEXT NOT NULL, updated_at TEXT NOT NULL, pid INTEGER NOT NULL) STRICT`);
  db.close();
}
