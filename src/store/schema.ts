/**
 * The run database layout. One file per run directory (`run.sqlite`). `results` is
 * append-only: the primary key makes a second row for a key impossible, and triggers refuse
 * updates and deletes, so a recorded attempt can never change or be counted twice. The one
 * exception is an `infra_error` (nothing was measured), which `--retry-infra` moves to
 * `superseded_results` so that the attempt runs again (`RETRY_INFRA_SCHEMA`).
 */

export const DB_FILE = 'run.sqlite';
export const SCHEMA_VERSION = 1;

/**
 * WAL lets `swelancer report` read while a run writes. `synchronous=NORMAL` is enough for
 * the durability promise: in WAL mode a commit is in the OS page cache when `COMMIT`
 * returns, so a SIGKILLed harness loses nothing it committed. Only an OS crash or power loss
 * can drop the last few commits (never corrupt the file); those attempts then simply have
 * no row and run again on resume, so they are never counted twice. FULL would fsync every
 * result (about 15× slower per commit on these machines) to close a window that resume
 * already covers.
 */
export const WRITER_PRAGMAS = `
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA foreign_keys = ON;
`;

/**
 * Only an `infra_error` result may leave `results`, and only into `superseded_results` (the
 * store does both in one transaction): a measured result stays final. Also applied to stores
 * made before it existed, the first time they retry.
 */
/**
 * What a queue run's workers spent on model calls in all, as the coordinator last read the
 * run's shared counter: more than the results record when tries were lost (a worker that
 * died, an infrastructure error retried). Made by the first note; absent in local runs.
 */
export const WORKERS_SPENT_SCHEMA = `
CREATE TABLE IF NOT EXISTS workers_spent (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  spent_usd REAL NOT NULL,
  noted_at TEXT NOT NULL
) STRICT;
`;

export const RETRY_INFRA_SCHEMA = `
CREATE TABLE IF NOT EXISTS superseded_results (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL REFERENCES plans (key),
  result TEXT NOT NULL,
  superseded_at TEXT NOT NULL
) STRICT;

DROP TRIGGER IF EXISTS results_no_delete;

CREATE TRIGGER IF NOT EXISTS results_delete_only_infra_errors BEFORE DELETE ON results
WHEN OLD.status != 'infra_error'
BEGIN
  SELECT RAISE(ABORT, 'results are final: a recorded attempt cannot be removed');
END;
`;

/**
 * Attempts a runner has started and not yet recorded, with the stage they are in: what
 * `swelancer report` shows from another shell while a run works. A row goes when its result
 * is recorded (same transaction) or the attempt is interrupted; rows a killed runner left are
 * cleared by the next writer, which holds the lock. Also applied to stores made before it.
 */
export const IN_FLIGHT_SCHEMA = `
CREATE TABLE IF NOT EXISTS in_flight (
  key TEXT PRIMARY KEY REFERENCES plans (key),
  task_id TEXT NOT NULL,
  agent_label TEXT NOT NULL,
  attempt_index INTEGER NOT NULL,
  stage TEXT NOT NULL,
  started_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  pid INTEGER NOT NULL,
  steps INTEGER,
  spend_usd REAL
) STRICT;
`;

/**
 * Columns `in_flight` gained after it was first shipped, added by the next writer to a store
 * made before them (`ALTER TABLE … ADD COLUMN`): the agent's model calls so far and their
 * dollars (NULL: not reported, or a model without a price), and the queue worker running it.
 */
export const IN_FLIGHT_ADDED_COLUMNS = {
  steps: 'INTEGER',
  spend_usd: 'REAL',
  /** `host:pid` of the queue worker running the attempt (`swelancer worker`). */
  worker: 'TEXT',
} as const;

/**
 * The words of each task (its issue, and a manager task's proposals by original id), kept
 * apart from `tasks` so that metrics never load them: an attempt page shows the issue and
 * the chosen beside the correct proposal without reloading the suite. Stores made before it
 * have no such table, and their pages say the text was not recorded.
 */
export const TASK_TEXTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS task_texts (
  task_id TEXT PRIMARY KEY REFERENCES tasks (id),
  issue TEXT NOT NULL,
  proposals TEXT
) STRICT;
`;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS run (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  manifest TEXT NOT NULL,
  plan_id TEXT NOT NULL,
  grading_version TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS tasks (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  price REAL NOT NULL,
  categories TEXT NOT NULL,
  nature TEXT,
  tags TEXT NOT NULL,
  content_hash TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS plans (
  key TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  task_id TEXT NOT NULL REFERENCES tasks (id),
  agent_label TEXT NOT NULL,
  attempt_index INTEGER NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS results (
  key TEXT PRIMARY KEY REFERENCES plans (key),
  task_id TEXT NOT NULL,
  agent_label TEXT NOT NULL,
  attempt_index INTEGER NOT NULL,
  status TEXT NOT NULL
    CHECK (status IN ('passed', 'failed', 'agent_error', 'limit', 'infra_error')),
  price_usd REAL NOT NULL,
  earned_usd REAL NOT NULL
    CHECK (earned_usd = CASE WHEN status = 'passed' THEN price_usd ELSE 0 END),
  partial_credit REAL,
  cost_usd REAL NOT NULL,
  usage TEXT NOT NULL,
  model TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  duration_ms INTEGER NOT NULL,
  infra_retries INTEGER NOT NULL,
  explanation TEXT NOT NULL,
  details TEXT NOT NULL,
  artifacts TEXT NOT NULL
) STRICT;

-- Also covers INSERT OR REPLACE, whose implicit delete fires no delete trigger.
CREATE TRIGGER IF NOT EXISTS results_insert_once BEFORE INSERT ON results
WHEN EXISTS (SELECT 1 FROM results WHERE key = NEW.key)
BEGIN
  SELECT RAISE(ABORT, 'results are final: this attempt key is already recorded');
END;

CREATE TRIGGER IF NOT EXISTS results_no_update BEFORE UPDATE ON results
BEGIN
  SELECT RAISE(ABORT, 'results are final: a recorded attempt cannot change');
END;

${RETRY_INFRA_SCHEMA}
${IN_FLIGHT_SCHEMA}
${TASK_TEXTS_SCHEMA}
PRAGMA user_version = ${SCHEMA_VERSION};
`;
