/**
 * A run's evidence files (`<run>/artifacts/<key>/…`) for the browser: only regular files
 * inside the run's `artifacts/` folder, never a directory listing, never a path that
 * leaves it (`..`, encoded slashes, symbolic links pointing elsewhere).
 */
import { realpathSync, statSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import { ARTIFACTS_DIR } from '../store/artifacts.ts';

export interface EvidenceFile {
  path: string;
  size: number;
  contentType: string;
}

/** Content types of the files attempts leave; anything else is sent as bytes. */
const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webm': 'video/webm',
  '.zip': 'application/zip',
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.diff': 'text/plain; charset=utf-8',
  '.patch': 'text/plain; charset=utf-8',
};

/**
 * The file at `segments` (URL path segments, still percent-encoded) under the run's
 * `artifacts/`, or undefined when there is no such regular file or the path is not allowed.
 */
export function findEvidence(
  runDir: string,
  segments: readonly string[],
): EvidenceFile | undefined {
  const names: string[] = [];
  for (const segment of segments) {
    let name: string;
    try {
      name = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) return undefined;
    names.push(name);
  }
  if (names.length === 0) return undefined;
  try {
    const root = realpathSync(join(runDir, ARTIFACTS_DIR));
    const path = realpathSync(join(root, ...names));
    if (!path.startsWith(root + sep)) return undefined;
    const stat = statSync(path);
    if (!stat.isFile()) return undefined;
    const type = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
    return { path, size: stat.size, contentType: type };
  } catch {
    return undefined;
  }
}
