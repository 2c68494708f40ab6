/**
 * Links from an attempt page to the evidence in the run directory. Evidence is linked, never
 * copied or inlined wholesale, so a report of thousands of attempts stays small; every link
 * is relative, so the report folder and the run directory can move together.
 */
import { relative, sep } from 'node:path';

/**
 * The href of the run directory as seen from a page in `pageDir`, ending in `/`
 * (e.g. `../../runs/main/`). Both paths absolute.
 */
export function runDirHref(pageDir: string, runDir: string): string {
  const path = relative(pageDir, runDir).split(sep).join('/');
  return path === '' ? './' : `${encodePath(path)}/`;
}

/**
 * The href of an artifact (its path relative to the run directory, as the store records
 * it) from a page whose run directory is at `hrefBase`.
 */
export function artifactHref(hrefBase: string, artifactPath: string): string {
  const base = hrefBase === '' || hrefBase.endsWith('/') ? hrefBase : `${hrefBase}/`;
  return `${base}${encodePath(artifactPath)}`;
}

/** Percent-encodes each segment: test folders and titles can hold spaces, `#` or `?`. */
function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment)))
    .join('/');
}
