/**
 * The flags that choose and drive the official SWE-Lancer images, shared by `run` and
 * `suite validate` (docs/official-images.md).
 */
import { InvalidArgumentError, Option } from '@commander-js/extra-typings';
import type { PullProgress } from '../official/images.ts';
import {
  DEFAULT_OFFICIAL_SETTINGS,
  OFFICIAL_IMAGE_CHOICES,
  type OfficialImageChoice,
  type OfficialSettings,
} from '../official/settings.ts';
import type { RunPlanInputs } from '../store/types.ts';
import type { Logger } from '../util/logger.ts';

export interface OfficialImageFlags {
  officialImage?: OfficialImageChoice;
  officialImagePrefix?: string;
  officialImageTag?: string;
  pull?: boolean;
  officialBudget?: Partial<OfficialSettings>;
}

export const officialImageOption = () =>
  new Option(
    '--official-image <choice>',
    'official IC tasks: each in its own image (per-task) or all in the monolith (default: per-task)',
  ).choices(OFFICIAL_IMAGE_CHOICES);

export const officialImagePrefixOption = () =>
  new Option(
    '--official-image-prefix <prefix>',
    `official images are <prefix>_<question_id>:<tag> (default: ${DEFAULT_OFFICIAL_SETTINGS.prefix})`,
  );

export const officialImageTagOption = () =>
  new Option(
    '--official-image-tag <tag>',
    `tag of the official images (default: ${DEFAULT_OFFICIAL_SETTINGS.tag})`,
  );

export const pullOption = () =>
  new Option('--pull', 'pull the official images that are missing (about 14 GB each)');

export const officialBudgetOption = () =>
  new Option(
    '--official-budget <name=seconds>',
    'official images: startup, grading or user-tool time budget in seconds, or test-runs (repeatable; defaults as the official harness: startup=1200 grading=1200 user-tool=300 test-runs=3)',
  ).argParser(officialBudget);

/** The plan's image choice, when any of its flags is given (else the defaults apply). */
export function officialImageOf(flags: OfficialImageFlags): RunPlanInputs['officialImage'] {
  if (
    flags.officialImage === undefined &&
    flags.officialImagePrefix === undefined &&
    flags.officialImageTag === undefined
  ) {
    return undefined;
  }
  return {
    choice: flags.officialImage ?? DEFAULT_OFFICIAL_SETTINGS.image,
    prefix: flags.officialImagePrefix ?? DEFAULT_OFFICIAL_SETTINGS.prefix,
    tag: flags.officialImageTag ?? DEFAULT_OFFICIAL_SETTINGS.tag,
  };
}

/** `--official-budget startup=600`: seconds (or a count for test-runs) over the defaults. */
function officialBudget(
  value: string,
  previous: Partial<OfficialSettings> | undefined,
): Partial<OfficialSettings> {
  const fields = {
    startup: 'startupTimeoutMs',
    grading: 'gradingTimeoutMs',
    'user-tool': 'userToolTimeoutMs',
    'test-runs': 'testRuns',
  } as const;
  const match = /^([a-z-]+)=(\d+)$/.exec(value);
  const field = match ? fields[match[1] as keyof typeof fields] : undefined;
  const amount = Number(match?.[2]);
  if (!match || !field || !(amount > 0)) {
    throw new InvalidArgumentError(
      `expected <name>=<positive whole number> with name one of ${Object.keys(fields).join(', ')}, found "${value}"`,
    );
  }
  return { ...previous, [field]: field === 'testRuns' ? amount : amount * 1000 };
}

/** Pull progress as a log line with a bar, at most every 2 s per image. */
export function pullProgress(logger: Logger): PullProgress {
  const shown = new Map<string, number>();
  return (image, done, total) => {
    const now = performance.now();
    if (now - (shown.get(image) ?? -Infinity) < 2000 && done < total) return;
    shown.set(image, now);
    const share = total > 0 ? done / total : 0;
    const filled = Math.round(share * 20);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(20 - filled)}`;
    const gb = (bytes: number) => (bytes / 1e9).toFixed(1);
    logger.info(
      `pulling ${image} [${bar}] ${Math.round(share * 100)}% ${gb(done)}/${gb(total)} GB`,
    );
  };
}
