/**
 * The run store: one SQLite database per run directory, the only source for reports.
 *
 * Reading (metrics, reports): `openRunStore(dir, { readonly: true })` gives
 * `manifest()`, `tasks()`, `plans()` and `results()`; it can be opened while a run is still
 * writing (WAL). Writing (the runner): `createRunStore(dir, init)` for a new run,
 * `openRunStore(dir)` to resume one; both hold the run directory's lock until `close()`.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { InputError, isSwelancerError } from '../errors.ts';
import {
  ARTIFACTS_DIR,
  clearArtifacts,
  createArtifactSink,
  type RecordingArtifactSink,
} from './artifacts.ts';
import { CLEAR_IN_FLIGHT, noteInFlight, readInFlight, startInFlight } from './in-flight.ts';
import { acquireRunLock, type RunLock } from './lock.ts';
import {
  insertSql,
  planFromRow,
  resultFromRow,
  resultParams,
  taskFromRow,
  taskParams,
  taskTextFromRow,
} from './rows.ts';
import {
  DB_FILE,
  RETRY_INFRA_SCHEMA,
  SCHEMA,
  SCHEMA_VERSION,
  WORKERS_SPENT_SCHEMA,
  WRITER_PRAGMAS,
} from './schema.ts';
import type {
  AttemptPlan,
  AttemptResult,
  InFlightAttempt,
  InFlightProgress,
  RunManifest,
  TaskRecord,
  TaskText,
} from './types.ts';

export interface OpenRunStoreOptions {
  /** Open for reading only (reports); no lock is taken. @default false */
  readonly?: boolean;
  /**
   * Check every page of the store (`PRAGMA quick_check`) before returning, so a damaged
   * store is refused at open rather than halfway through a read. A writer always checks.
   * @default false
   */
  verify?: boolean;
}

/** Read access to a run: what was asked for (`plans`) and what is final (`results`). */
export interface RunStoreReader {
  /** The run directory (absolute). */
  readonly dir: string;
  /** The command, suite, agents and options the run was created with. */
  manifest(): RunManifest;
  /** The tasks the run planned, with the facts reports need (price, kind, categories...). */
  tasks(): TaskRecord[];
  /** Every planned attempt (task × agent × attempt index), in plan order. */
  plans(): AttemptPlan[];
  /** Final results, one per key at most, in the order they were recorded. */
  results(): AttemptResult[];
  /** The final result of one attempt, or undefined when it has none. */
  result(key: string): AttemptResult | undefined;
  /**
   * What tasks say (issue, proposals), for attempt pages; `ids` narrows it to those tasks.
   * Empty for stores made before texts were recorded.
   */
  taskTexts(ids?: readonly string[]): TaskText[];
  /** `infra_error` results that `--retry-infra` replaced by a new try, oldest first. */
  supersededResults(): AttemptResult[];
  /** Attempts started and not yet recorded, oldest first (none in stores made before). */
  inFlight(): InFlightAttempt[];
  /** What a queue run's workers spent on model calls in all; undefined for a local run. */
  workersSpentUsd(): number | undefined;
  close(): void;
}

/** Write access for the runner. Results are append-only and final. */
export interface RunStore extends RunStoreReader {
  /** Keys that already have a final result (skipped on resume). */
  finishedKeys(): Set<string>;
  /**
   * Records a final result in its own transaction. Returns false, writing nothing, when the
   * key already has a result: a recorded attempt is never replaced or counted twice.
   */
  record(result: AttemptResult): boolean;
  /**
   * Notes that an attempt is in flight, at `stage`; a later call moves it to another stage.
   * `progress` is the agent's steps and spend so far (kept until the next progress);
   * `worker` names the queue worker running it (`host:pid`).
   */
  markInFlight(
    plan: AttemptPlan,
    stage: string,
    progress?: InFlightProgress,
    worker?: string,
  ): void;
  /** The attempt is no longer in flight without a result (interrupted). */
  clearInFlight(key: string): void;
  /**
   * Notes the run's shared spend counter (queue runs). Never lowers what was noted: a Redis
   * that lost its data starts its counter again from the recorded cost.
   */
  noteWorkersSpent(usd: number): void;
  /**
   * Moves the `infra_error` results of `keys` to `supersededResults`, in one transaction, so
   * that those attempts run again; returns how many. Measured results never move.
   */
  releaseInfraErrors(keys: ReadonlySet<string>): number;
  /** A sink for the attempt's artifact files; call `clearArtifacts` first on a retry. */
  artifactSink(key: string): RecordingArtifactSink;
  /** Keys that have an artifact folder: leftovers of attempts that never became final. */
  artifactKeys(): Set<string>;
  clearArtifacts(key: string): Promise<void>;
}

export interface RunStoreInit {
  manifest: RunManifest;
  tasks: TaskRecord[];
  plans: AttemptPlan[];
  /** The tasks' words, one per task at most. @default none recorded */
  texts?: TaskText[];
}

/** What a run directory's store holds; see `inspectRunStore`. */
export type RunStoreState =
  | { kind: 'none' }
  /** A store without a manifest: empty, or left by a run killed while creating it. */
  | { kind: 'uninitialized'; detail: string }
  | { kind: 'run'; manifest: RunManifest };

/**
 * What `dir` holds, read without writing anything and after a check of every page. A store
 * SQLite cannot read (truncated, damaged, not a database) throws `RUN_UNREADABLE`, naming
 * the file: it is never taken for an empty directory that a new run may write into.
 */
export function inspectRunStore(dir: string): RunStoreState {
  const file = join(resolve(dir), DB_FILE);
  if (!existsSync(file)) return { kind: 'none' };
  return withStoreErrors(file, () => {
    const db = openForReading(file);
    try {
      verifyPages(db, file);
      if (!hasManifest(db)) return { kind: 'uninitialized', detail: describeUninitialized(file) };
      return { kind: 'run', manifest: readManifest(db, file) };
    } finally {
      db.close();
    }
  });
}

export function openRunStore(dir: string, options: { readonly: true }): RunStoreReader;
export function openRunStore(dir: string, options?: OpenRunStoreOptions): RunStore;
export function openRunStore(
  dir: string,
  options: OpenRunStoreOptions = {},
): RunStoreReader | RunStore {
  const abs = resolve(dir);
  const file = join(abs, DB_FILE);
  if (!existsSync(file)) {
    throw new InputError(
      'RUN_NOT_FOUND',
      `no run at ${abs}: expected a run directory made by \`swelancer run\` (with ${DB_FILE})`,
      { location: abs },
    );
  }
  if (options.readonly) {
    const db = withStoreErrors(file, () => {
      const reader = openForReading(file);
      return checked(reader, () => {
        if (options.verify) verifyPages(reader, file);
        checkInitialized(reader, abs);
      });
    });
    return new SqliteRunStore(abs, db, undefined);
  }
  const lock = acquireRunLock(abs);
  try {
    const db = openWriter(file, (writer) => checkInitialized(writer, abs));
    startInFlight(db);
    return new SqliteRunStore(abs, db, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * Creates the run directory and its database with the manifest, tasks and plans, all in one
 * transaction: a run killed during creation leaves no half-made manifest behind.
 */
export function createRunStore(dir: string, init: RunStoreInit): RunStore {
  const abs = resolve(dir);
  mkdirSync(abs, { recursive: true });
  const lock = acquireRunLock(abs);
  try {
    const db = openWriter(join(abs, DB_FILE));
    db.exec(SCHEMA);
    if (hasManifest(db)) {
      throw new InputError('RUN_MISMATCH', `a run already exists in ${abs}`, { location: abs });
    }
    transaction(db, () => {
      db.prepare(
        'INSERT INTO run (id, manifest, plan_id, grading_version, created_at) VALUES (1, ?, ?, ?, ?)',
      ).run(
        JSON.stringify(init.manifest),
        init.manifest.planId,
        init.manifest.gradingVersion,
        init.manifest.createdAt,
      );
      const first = init.tasks[0];
      if (first) {
        const insertTask = db.prepare(insertSql('tasks', taskParams(first)));
        for (const task of init.tasks) insertTask.run(taskParams(task));
      }
      const insertPlan = db.prepare(
        'INSERT INTO plans (key, seq, task_id, agent_label, attempt_index) VALUES (?, ?, ?, ?, ?)',
      );
      init.plans.forEach((plan, seq) => {
        insertPlan.run(plan.key, seq, plan.taskId, plan.agentLabel, plan.attemptIndex);
      });
      const insertText = db.prepare(
        'INSERT INTO task_texts (task_id, issue, proposals) VALUES (?, ?, ?)',
      );
      for (const text of init.texts ?? []) {
        const proposals = text.proposals === undefined ? null : JSON.stringify(text.proposals);
        insertText.run(text.taskId, text.issue, proposals);
      }
    });
    startInFlight(db);
    return new SqliteRunStore(abs, db, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

class SqliteRunStore implements RunStore {
  readonly dir: string;
  readonly #db: DatabaseSync;
  readonly #lock: RunLock | undefined;
  #insertResult: StatementSync | undefined;
  #clearInFlight: StatementSync | undefined;
  #closed = false;

  constructor(dir: string, db: DatabaseSync, lock: RunLock | undefined) {
    this.dir = dir;
    this.#db = db;
    this.#lock = lock;
  }

  manifest(): RunManifest {
    const row = this.#db.prepare('SELECT manifest FROM run WHERE id = 1').get();
    return JSON.parse(String(row?.manifest)) as RunManifest;
  }

  tasks(): TaskRecord[] {
    return this.#db.prepare('SELECT * FROM tasks ORDER BY rowid').all().map(taskFromRow);
  }

  plans(): AttemptPlan[] {
    return this.#db.prepare('SELECT * FROM plans ORDER BY seq').all().map(planFromRow);
  }

  results(): AttemptResult[] {
    return this.#db.prepare('SELECT * FROM results ORDER BY rowid').all().map(resultFromRow);
  }

  result(key: string): AttemptResult | undefined {
    const row = this.#db.prepare('SELECT * FROM results WHERE key = ?').get(key);
    return row === undefined ? undefined : resultFromRow(row);
  }

  taskTexts(ids?: readonly string[]): TaskText[] {
    const exists = this.#db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'task_texts'")
      .get();
    if (!exists) return [];
    if (ids === undefined)
      return this.#db.prepare('SELECT * FROM task_texts').all().map(taskTextFromRow);
    const one = this.#db.prepare('SELECT * FROM task_texts WHERE task_id = ?');
    return ids.flatMap((id) => one.all(id).map(taskTextFromRow));
  }

  workersSpentUsd(): number | undefined {
    const exists = this.#db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'workers_spent'")
      .get();
    if (!exists) return undefined;
    const row = this.#db.prepare('SELECT spent_usd FROM workers_spent WHERE id = 1').get();
    return row === undefined ? undefined : Number(row.spent_usd);
  }

  noteWorkersSpent(usd: number): void {
    this.#db.exec(WORKERS_SPENT_SCHEMA);
    this.#db
      .prepare(
        `INSERT INTO workers_spent (id, spent_usd, noted_at) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET spent_usd = max(spent_usd, excluded.spent_usd),
           noted_at = excluded.noted_at`,
      )
      .run(usd, new Date().toISOString());
  }

  supersededResults(): AttemptResult[] {
    const exists = this.#db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'superseded_results'")
      .get();
    if (!exists) return [];
    return this.#db
      .prepare('SELECT result FROM superseded_results ORDER BY seq')
      .all()
      .map((row) => JSON.parse(String(row.result)) as AttemptResult);
  }

  releaseInfraErrors(keys: ReadonlySet<string>): number {
    const released = this.results().filter((r) => r.status === 'infra_error' && keys.has(r.key));
    if (released.length === 0) return 0;
    transaction(this.#db, () => {
      this.#db.exec(RETRY_INFRA_SCHEMA);
      const keep = this.#db.prepare(
        'INSERT INTO superseded_results (key, result, superseded_at) VALUES (?, ?, ?)',
      );
      const remove = this.#db.prepare(
        "DELETE FROM results WHERE key = ? AND status = 'infra_error'",
      );
      const now = new Date().toISOString();
      for (const result of released) {
        keep.run(result.key, JSON.stringify(result), now);
        remove.run(result.key);
      }
    });
    return released.length;
  }

  inFlight(): InFlightAttempt[] {
    return readInFlight(this.#db);
  }

  markInFlight(
    plan: AttemptPlan,
    stage: string,
    progress?: InFlightProgress,
    worker?: string,
  ): void {
    noteInFlight(this.#db, plan, stage, progress, worker ?? null);
  }

  clearInFlight(key: string): void {
    this.#db.prepare(CLEAR_IN_FLIGHT).run(key);
  }

  finishedKeys(): Set<string> {
    const rows = this.#db.prepare('SELECT key FROM results').all();
    return new Set(rows.map((row) => String(row.key)));
  }

  record(result: AttemptResult): boolean {
    const params = resultParams(result);
    this.#insertResult ??= this.#db.prepare(insertSql('results', params));
    this.#clearInFlight ??= this.#db.prepare(CLEAR_IN_FLIGHT);
    const insert = this.#insertResult;
    const clear = this.#clearInFlight;
    try {
      // One commit: a reader never sees the attempt both final and in flight.
      transaction(this.#db, () => {
        insert.run(params);
        clear.run(result.key);
      });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) {
        clear.run(result.key);
        return false;
      }
      throw error;
    }
  }

  artifactSink(key: string): RecordingArtifactSink {
    return createArtifactSink(this.dir, key);
  }

  clearArtifacts(key: string): Promise<void> {
    return clearArtifacts(this.dir, key);
  }

  artifactKeys(): Set<string> {
    try {
      return new Set(readdirSync(join(this.dir, ARTIFACTS_DIR)));
    } catch {
      return new Set();
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
    this.#lock?.release();
  }
}

/**
 * A connection that leaves the run directory as it found it. In WAL mode even a read-only
 * SQLite connection creates `-wal` and `-shm` files beside the database, and fails where it
 * may not (a read-only copy, another user's run). Without a `-wal` file no writer has the
 * store open and nothing committed waits outside the database file, so it is opened
 * `immutable`: no lock and no side file. While a writer works (or after one was killed),
 * the `-wal` file is there: a plain read-only connection shares it and reads its commits.
 */
function openForReading(file: string): DatabaseSync {
  if (existsSync(`${file}-wal`)) return new DatabaseSync(file, { readOnly: true, timeout: 5000 });
  const url = pathToFileURL(file);
  url.searchParams.set('immutable', '1');
  return new DatabaseSync(url, { readOnly: true, timeout: 5000 });
}

/**
 * Opens the store for writing after checking every page, and `check` (the manifest): a
 * store that cannot be read is refused before anything is written to it.
 */
function openWriter(file: string, check: (db: DatabaseSync) => void = () => {}): DatabaseSync {
  return withStoreErrors(file, () => {
    const db = new DatabaseSync(file, { timeout: 5000, enableForeignKeyConstraints: true });
    return checked(db, () => {
      verifyPages(db, file);
      check(db);
      db.exec(WRITER_PRAGMAS);
    });
  });
}

/** Returns `db` once `check` passes; closes it when `check` throws. */
function checked(db: DatabaseSync, check: () => void): DatabaseSync {
  try {
    check();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * `PRAGMA quick_check`: every page of every table and index is read and checked (not the
 * index contents against their tables, which `integrity_check` adds). About 25 ms for
 * 3,000 results, a tenth of reading them back (bench/store-check.ts).
 */
function verifyPages(db: DatabaseSync, file: string): void {
  const rows = db.prepare('PRAGMA quick_check').all();
  const report = rows.map((row) => String(row.quick_check));
  if (report.length === 1 && report[0] === 'ok') return;
  const problems = report
    .flatMap((text) => text.split('\n'))
    .filter((line) => line !== '' && !line.startsWith('***'));
  const more = problems.length > 1 ? ` and ${problems.length - 1} more problem(s)` : '';
  throw unreadable(file, `damaged pages (${problems[0] ?? 'unknown damage'}${more})`);
}

/** Runs `body`, turning SQLite's "cannot read this file" errors into an error naming it. */
function withStoreErrors<T>(file: string, body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (isSwelancerError(error)) throw error;
    const { errcode, message } = (error ?? {}) as { errcode?: number; message?: string };
    // SQLITE_CORRUPT, SQLITE_CANTOPEN, SQLITE_NOTADB (primary codes of extended ones too).
    if (errcode !== undefined && [11, 14, 26].includes(errcode & 0xff)) {
      throw unreadable(file, message ?? String(error), error);
    }
    throw error;
  }
}

function unreadable(file: string, found: string, cause?: unknown): InputError {
  return new InputError(
    'RUN_UNREADABLE',
    `${file}: expected a readable run store, found ${found}. It was left as it is ` +
      "(sqlite3's .recover command may salvage the results it holds)",
    { cause, location: file },
  );
}

function readManifest(db: DatabaseSync, file: string): RunManifest {
  const row = db.prepare('SELECT manifest FROM run WHERE id = 1').get();
  try {
    const manifest = JSON.parse(String(row?.manifest)) as RunManifest;
    if (typeof manifest?.planId === 'string') return manifest;
  } catch {
    // Reported below with what was expected.
  }
  throw unreadable(file, 'a manifest that is not the JSON of a run');
}

function describeUninitialized(file: string): string {
  return statSync(file).size === 0 ? `${file} is empty (0 bytes)` : `${file} holds no manifest`;
}

function hasManifest(db: DatabaseSync): boolean {
  const table = db
    .prepare("SELECT 1 AS ok FROM sqlite_master WHERE type = 'table' AND name = 'run'")
    .get();
  if (!table) return false;
  return db.prepare('SELECT 1 AS ok FROM run WHERE id = 1').get() !== undefined;
}

/** The store has a manifest this version can read; throws without closing `db`. */
function checkInitialized(db: DatabaseSync, dir: string): void {
  const file = join(dir, DB_FILE);
  const version = Number(db.prepare('PRAGMA user_version').get()?.user_version ?? 0);
  if (!hasManifest(db)) {
    throw new InputError(
      'RUN_NOT_FOUND',
      `${describeUninitialized(file)}: expected a run store with its manifest (${dir} holds no initialized run)`,
      { location: file },
    );
  }
  if (version > SCHEMA_VERSION) {
    throw new InputError(
      'RUN_MISMATCH',
      `${dir} was written by a newer swelancer (store schema ${version}, this one reads ${SCHEMA_VERSION})`,
      { location: dir },
    );
  }
  readManifest(db, file);
}

function transaction(db: DatabaseSync, body: () => void): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    body();
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

/** The key already has a row: the insert-once trigger or, behind it, the primary key. */
function isDuplicateKey(error: unknown): boolean {
  const { errcode, message } = (error ?? {}) as { errcode?: number; message?: string };
  return errcode === 1555 || (errcode === 1811 && /already recorded/.test(message ?? ''));
}
