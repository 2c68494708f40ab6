/**
 * Results are final and their keys are content-addressed (task content, agent config, attempt
 * index, grading version), so a result recorded by one run is the result of the same attempt
 * in any other run that plans the same key. Suite validation uses this after a task is edited
 * or added: the new plan gets a new run directory, and every unchanged check's results are
 * copied in from the earlier run instead of being run again.
 */
import { cp } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ARTIFACTS_DIR } from '../store/artifacts.ts';
import { openRunStore, type RunStore } from '../store/run-store.ts';

/**
 * Copies into `store` the results (and their artifact folders) that `earlierRunDirs` hold for
 * keys in `planned` that `store` does not have yet. Infra errors are left out: nothing is known
 * of those attempts. Returns how many results were copied.
 */
export async function reuseResults(
  store: RunStore,
  runDir: string,
  planned: ReadonlySet<string>,
  earlierRunDirs: readonly string[],
): Promise<number> {
  let copied = 0;
  for (const earlierDir of earlierRunDirs) {
    if (resolve(earlierDir) === resolve(runDir)) continue;
    const earlier = openRunStore(earlierDir, { readonly: true, verify: true });
    try {
      const have = store.finishedKeys();
      for (const result of earlier.results()) {
        if (!planned.has(result.key) || have.has(result.key)) continue;
        if (result.status === 'infra_error') continue;
        // Artifact paths are relative to the run directory: the same folder keeps them valid.
        if (Object.keys(result.artifacts).length > 0) {
          await cp(
            join(earlierDir, ARTIFACTS_DIR, result.key),
            join(runDir, ARTIFACTS_DIR, result.key),
            {
              recursive: true,
              errorOnExist: false,
            },
          );
        }
        if (store.record(result)) copied += 1;
      }
    } finally {
      earlier.close();
    }
  }
  return copied;
}
