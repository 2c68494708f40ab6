import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256 } from './hash.ts';

/**
 * A short hash of a folder's files (paths and contents) and of its path: a cache key for
 * what is derived from the folder.
 */
export async function folderHash(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const parts: string[] = [];
  for (const entry of entries.filter((e) => e.isFile())) {
    const full = path.join(entry.parentPath, entry.name);
    parts.push(`${path.relative(dir, full)}:${sha256(await readFile(full))}`);
  }
  return sha256(`${dir}\n${parts.sort().join('\n')}`).slice(0, 32);
}
