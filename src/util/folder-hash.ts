import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256 } from './hash.ts';

/**
 * A short hash of a folder's files (paths inside it and contents): a cache key for what is
 * derived from the folder's content, wherever the folder is (a queue worker's copy of a
 * suite finds what a local run of the same host derived from the original).
 */
export async function folderHash(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const parts: string[] = [];
  for (const entry of entries.filter((e) => e.isFile())) {
    const full = path.join(entry.parentPath, entry.name);
    parts.push(`${path.relative(dir, full)}:${sha256(await readFile(full))}`);
  }
  return sha256(parts.sort().join('\n')).slice(0, 32);
}
