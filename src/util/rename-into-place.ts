import { access, chmod, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Moves a fully built temporary folder to its final cache path. When another process got
 * there first (the folder already exists), its copy is kept and ours is left for the caller
 * to remove: both were built from the same inputs.
 */
export async function renameIntoPlace(temp: string, final: string): Promise<void> {
  try {
    await rename(temp, final);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw error;
  }
}

/** The file a cache folder holds once it was built whole (`completeIntoPlace`). */
const COMPLETE_MARKER = '.complete';

/** Whether `final` is a cache folder that was built whole. */
export function isComplete(final: string): Promise<boolean> {
  return access(path.join(final, COMPLETE_MARKER)).then(
    () => true,
    () => false,
  );
}

/**
 * Marks a fully built temporary folder complete, opens it to every uid (sandboxes read it)
 * and moves it to its final cache path (`renameIntoPlace`).
 */
export async function completeIntoPlace(temp: string, final: string): Promise<void> {
  await writeFile(path.join(temp, COMPLETE_MARKER), new Date().toISOString());
  await chmod(temp, 0o755);
  await renameIntoPlace(temp, final);
}
