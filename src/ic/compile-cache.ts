import { readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';

/**
 * Node's compile cache (`NODE_COMPILE_CACHE`), prebuilt by the harness and shared read-only
 * by every grading: the app's server and build, and the test runner, then start without
 * compiling (or type-stripping) the modules they load every time.
 *
 * Node keeps its cache in `<dir>/<tag>-<uid>`, where the tag names Node's version and build
 * and the uid is the process's own. Sandboxes get a uid of their own each, so a cache written
 * in one sandbox is never found in the next. The harness therefore stores the folder under
 * its tag alone (`untagCompileCache`), mounts it read-only, and each sandbox links it under
 * its own uid in a writable folder before Node starts (`linkCompileCacheLine`). Node checks
 * every entry against the source it is loading (length and hash), so a file the agent changed
 * is compiled afresh; Node's attempt to save that entry into the read-only folder fails
 * silently.
 */

/** The folder of a prebuilt cache (the probe's, the transform cache's) holding Node's cache. */
export const NODE_COMPILE_CACHE_DIR = 'node-compile-cache';

/**
 * Renames Node's `<tag>-<uid>` folders in `hostDir` to `<tag>` and makes them readable by
 * every uid (Node writes its entries 0600).
 */
export async function untagCompileCache(hostDir: string): Promise<void> {
  for (const name of await readdir(hostDir)) {
    const tag = /^(.+)-\d+$/.exec(name)?.[1];
    if (tag !== undefined) await rename(path.join(hostDir, name), path.join(hostDir, tag));
  }
  await execa('chmod', ['-R', 'a+rX', hostDir]);
}

/**
 * A bash line that makes the prebuilt cache in `prebuilt` (a sandbox path) visible as this
 * process's own in `writable`, which becomes `NODE_COMPILE_CACHE`. Does nothing when
 * `prebuilt` holds no cache. Uses bash's `$UID`: the uid Node will see.
 */
export function linkCompileCacheLine(prebuilt: string, writable: string): string {
  return [
    `export NODE_COMPILE_CACHE=${writable}`,
    `mkdir -p ${writable}`,
    `for tag in ${prebuilt}/*; do [ -d "$tag" ] && ln -sfn "$tag" "${writable}/\${tag##*/}-$UID"; done`,
  ].join('; ');
}
