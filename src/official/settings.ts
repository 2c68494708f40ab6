/**
 * How the official SWE-Lancer images are driven (docs/official-images.md): which image, and
 * the time budgets of the official harness, as defaults a run may change.
 */

export const OFFICIAL_IMAGE_CHOICES = ['per-task', 'monolith'] as const;
/** `per-task`: `<prefix>_<question_id>:<tag>`; `monolith`: `<prefix>_monolith:<tag>`. */
export type OfficialImageChoice = (typeof OFFICIAL_IMAGE_CHOICES)[number];

export interface OfficialSettings {
  /** @default 'per-task' (the official code's advice for IC: pinned start-up, no network) */
  image: OfficialImageChoice;
  /** @default 'swelancer/swelancer_x86' (Docker Hub) */
  prefix: string;
  /** @default 'releasev1' */
  tag: string;
  /** Container start to `/setup_done.txt`. @default 1200000 (the official 20 min) */
  startupTimeoutMs: number;
  /** All runs of the test playbook for one grading. @default 1200000 (official) */
  gradingTimeoutMs: number;
  /** One run of the user tool. @default 300000 (official) */
  userToolTimeoutMs: number;
  /** Runs of the test playbook; the first that exits 0 passes. @default 3 (official) */
  testRuns: number;
  /** Between two looks for the readiness file. @default 1000 */
  readyPollMs: number;
  /** The network a container starts on, cut before any agent or test runs. @default 'bridge' */
  network: string;
}

export const DEFAULT_OFFICIAL_SETTINGS: OfficialSettings = {
  image: 'per-task',
  prefix: 'swelancer/swelancer_x86',
  tag: 'releasev1',
  startupTimeoutMs: 20 * 60_000,
  gradingTimeoutMs: 20 * 60_000,
  userToolTimeoutMs: 5 * 60_000,
  testRuns: 3,
  readyPollMs: 1000,
  network: 'bridge',
};

/** The image a task runs in, by the official rule. */
export function officialImageName(
  questionId: string,
  settings: Pick<OfficialSettings, 'image' | 'prefix' | 'tag'>,
): string {
  const name = settings.image === 'monolith' ? 'monolith' : questionId;
  return `${settings.prefix}_${name}:${settings.tag}`;
}

/** Paths the images' contract fixes (reference: the official runtime scripts). */
export const IMAGE_PATHS = {
  app: '/app/expensify',
  tests: '/app/tests',
  ready: '/setup_done.txt',
  userToolOutput: '/app/expensify/user_tool',
} as const;
