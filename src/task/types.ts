/**
 * Resolved tasks: what loaders produce and the rest of the harness consumes. The on-disk
 * (written) native format lives in `schema.ts`; loaders turn it into these types, with
 * absolute paths and a content hash.
 */

export const TASK_KINDS = ['ic_swe', 'swe_manager'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** The paper's categories (SWE-Lancer Table 2). */
export const CATEGORIES = [
  'application_logic',
  'ui_ux',
  'server_side_logic',
  'system_quality',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** The paper's nature of work (SWE-Lancer Table 3). */
export const NATURES = ['bug_fix', 'new_feature', 'maintenance'] as const;
export type Nature = (typeof NATURES)[number];

export type TaskSource =
  | { type: 'native'; suite: string; suiteVersion: string; dir: string }
  | { type: 'swelancer-csv'; file: string; row: number };

export interface TaskCommon {
  id: string;
  kind: TaskKind;
  title: string;
  /** The issue as a job post (markdown). */
  issue: string;
  /** Payout in USD, earned only on a full pass. */
  price: number;
  categories: Category[];
  nature: Nature | undefined;
  tags: string[];
  source: TaskSource;
  /** sha256 over everything that defines the task (texts, patches, hidden tests). */
  contentHash: string;
  /** The official split the file puts the task in (`all_swelancer_tasks.csv`'s `set`). */
  split?: OfficialSplit | undefined;
  /**
   * What the official harness sends the model for this task (`--prompt dataset`): the
   * `prompt` column's messages, or the message built from the row. Official CSVs only.
   */
  datasetPrompt?: DatasetPrompt | undefined;
}

/**
 * Whose words the agent reads: `swelancer`, the harness's own prompt; `dataset`, the
 * official CSV's prompt messages as the paper's models saw them (`TaskCommon.datasetPrompt`).
 */
export const PROMPT_SOURCES = ['swelancer', 'dataset'] as const;
export type PromptSource = (typeof PROMPT_SOURCES)[number];

export const OFFICIAL_SPLITS = ['diamond', 'nondiamond'] as const;
export type OfficialSplit = (typeof OFFICIAL_SPLITS)[number];

export interface PromptMessage {
  role: string;
  content: string;
}

/** The dataset's own prompt, or why this row has none the harness can reproduce. */
export type DatasetPrompt =
  | { available: true; messages: PromptMessage[] }
  | { available: false; reason: string };

/** How to install, build and serve a codebase (from the suite manifest). */
export interface Codebase {
  name: string;
  /** Absolute path of the codebase at its base state. */
  dir: string;
  /** Shell command run once per lockfile to install dependencies. */
  install: string;
  /** Files whose content decides when dependencies must be reinstalled. */
  lockfiles: string[];
  /** Shell command run in the workspace before serving (e.g. a bundler). */
  build: string | undefined;
  /** Shell command that serves the app on `port` (loopback). */
  serve: string;
  port: number;
  /** Path polled until it answers 2xx/3xx before tests start. @default '/' */
  readyPath: string;
  /** Shell command running the codebase's own unit tests. */
  unitTest: string | undefined;
}

/**
 * Grading of an upgrade (`upgrade` in task.json): before the patch is applied, the codebase
 * as it is is served once, until ready, and stopped, so the data it makes exists; then the
 * patched app is built and served over that data with `env` added (e.g. `KEEP_DATA=1` for an
 * app that otherwise starts afresh). For issues about existing installations: a migration
 * that must reach databases made before it.
 */
export interface Upgrade {
  env: Record<string, string>;
}

export interface IcRunnable {
  runnable: true;
  codebase: Codebase;
  /**
   * Absolute path of the patch that takes the base to the broken state; undefined when the
   * base codebase is the broken state (a feature never built), and then `fixPatch` is set.
   */
  breakPatch: string | undefined;
  /** Absolute path of the reference fix; undefined means the reverse of `breakPatch`. */
  fixPatch: string | undefined;
  /** Absolute path of the folder of hidden Playwright tests. Never inside a sandbox. */
  hiddenTestsDir: string;
  /** Absolute path of the user-flow script for the user tool. */
  userFlow: string | undefined;
  /** Timeout for one run of the hidden tests. */
  testTimeoutMs: number;
  /** Grade the patched app as an upgrade of the unpatched one. @default a fresh start */
  upgrade?: Upgrade | undefined;
  /**
   * The hidden tests may restart the app, with variables of their choice added
   * (`POST $SWELANCER_RESTART_URL {"env": {...}}`), e.g. to see what it does at its next
   * start, a day later. @default false
   */
  restartable?: boolean | undefined;
}

/**
 * An official SWE-Lancer IC task: its codebase, app, services and hidden tests are inside its
 * container image (docs/official-images.md), so it runs where that image can run.
 */
export interface IcInOfficialImage {
  runnable: 'official-image';
  /** The task's id in the images: names its per-task image and its tests folder. */
  questionId: string;
  /**
   * The image it runs in, pinned by id; set by the run once the image is resolved, and then
   * part of the content hash (so a re-pushed tag makes other attempts).
   */
  image?: { name: string; id: string };
}

export interface IcTask extends TaskCommon {
  kind: 'ic_swe';
  ic: IcRunnable | IcInOfficialImage;
}

export interface Proposal {
  /** The id the ground truth refers to (official `all_formal_proposals[].id`). */
  id: number;
  text: string;
  author: string | undefined;
  /** Absolute path of a patch implementing the proposal, when the suite has one. */
  patch: string | undefined;
  /**
   * Whether `patch` is expected to pass the task's hidden tests (a worse proposal that still
   * works). Only suite validation reads it; agents never see it.
   * @default false
   */
  passesTests?: boolean;
}

export interface ManagerTask extends TaskCommon {
  kind: 'swe_manager';
  proposals: Proposal[];
  correctProposalId: number;
  rationale: string | undefined;
  /** The codebase the manager may read (native suites), at the broken state. */
  codebase: Codebase | undefined;
  /** The broken-state patch for that codebase, if any. */
  breakPatch: string | undefined;
  /**
   * Official CSVs: the Expensify/App commit that fixed the issue. The manager reads the code
   * at its parent (`--codebase expensify=<clone>`), as the official harness does.
   */
  managerCommit?: string | undefined;
  /**
   * Absolute path of hidden Playwright tests that grade proposal patches by execution (suite
   * validation); never inside a sandbox. Undefined when the task has none.
   */
  hiddenTestsDir?: string | undefined;
  /**
   * Timeout for one run of those hidden tests.
   * @default 120000
   */
  testTimeoutMs?: number;
  /** Run those hidden tests on an upgrade of the unpatched app. @default a fresh start */
  upgrade?: Upgrade | undefined;
  /** Those hidden tests may restart the app (see `IcRunnable.restartable`). @default false */
  restartable?: boolean | undefined;
}

export type Task = IcTask | ManagerTask;

export interface Suite {
  name: string;
  version: string;
  description: string;
  /** Where the suite came from: a native folder or an official CSV file. */
  origin: string;
  tasks: Task[];
}
