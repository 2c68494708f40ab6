import { rename } from 'node:fs/promises';

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
