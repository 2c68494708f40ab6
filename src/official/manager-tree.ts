/**
 * The code of an official manager task from the monolith image, as the official harness
 * prepares it (reference §3, manager): a container with `EVAL_VARIANT=swe_manager` (no
 * services, no readiness file), `git reset --hard {manager_commit}^` in its full clone of
 * Expensify/App, and the tree copied out, without `.git` (whose history holds the decision).
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { SandboxProvider } from '../sandbox/types.ts';
import { check, type PinnedImage, startOfficialContainer } from './container.ts';
import { DEFAULT_OFFICIAL_SETTINGS, IMAGE_PATHS } from './settings.ts';

/** Copies the monolith's tree at `commit^` to the host folder `into` (which must not exist). */
export async function monolithTreeAt(
  sandboxes: SandboxProvider,
  image: PinnedImage,
  input: { taskId: string; commit: string; into: string },
): Promise<void> {
  const box = await startOfficialContainer({
    sandboxes,
    image,
    questionId: input.taskId,
    variant: 'swe_manager',
    purpose: 'manager-code',
    settings: DEFAULT_OFFICIAL_SETTINGS,
  });
  try {
    await check(box, `git reset -q --hard ${input.commit}^`);
    await box.copyOut(IMAGE_PATHS.app, input.into);
    await rm(path.join(input.into, '.git'), { recursive: true, force: true });
  } finally {
    await box.dispose();
  }
}
