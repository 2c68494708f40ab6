import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { InfraError } from '../errors.ts';
import { SANDBOX_WORKDIR } from '../sandbox/layout.ts';
import type { SandboxLimits, SandboxProvider } from '../sandbox/types.ts';
import { sha256 } from '../util/hash.ts';
import type { Logger } from '../util/logger.ts';
import { completeIntoPlace, isComplete } from '../util/rename-into-place.ts';
import { applyAndBuild, type IcMaterial, icWorkspaceSpec, serveAndRun } from './app-runtime.ts';
import { NODE_COMPILE_CACHE_DIR, untagCompileCache } from './compile-cache.ts';
import { GRADE_DIR } from './layout.ts';

/** Changes when what a probe leaves in the cache changes, so older probes run again. */
const PROBE_FORMAT = 2;

/** Where the probe's app keeps Node's compile cache, in its workspace. */
const PROBE_COMPILE_CACHE = `${GRADE_DIR}/${NODE_COMPILE_CACHE_DIR}`;

export interface ProbedState {
  /**
   * Host folder of Node's compile cache of the clean broken state's build and server (see
   * compile-cache.ts), for grading to mount read-only at `SANDBOX_APP_COMPILE_CACHE`.
   */
  appCompileCache: string;
}

/**
 * Checks once per broken state (and dependency set) that the clean broken state builds and
 * serves. If it does not, no agent could be graded on it: that is an infrastructure error of
 * the task or machine, never a model failure. Only successes are cached, so a retry after a
 * transient problem probes again. The probe's build and server leave Node's compile cache of
 * the clean broken state behind, which grading then starts from. It comes from the task's
 * own code, never an agent's.
 */
export async function probeBrokenState(
  material: IcMaterial,
  options: { sandboxes: SandboxProvider; cacheDir: string; logger: Logger; limits?: SandboxLimits },
): Promise<ProbedState> {
  // Node's version too: its compile cache is only good for the Node that wrote it.
  const key = sha256(
    `${material.prepared.key}\n${material.nodeModules}\n${process.version}\n${PROBE_FORMAT}`,
  ).slice(0, 32);
  const final = path.join(options.cacheDir, 'probes', key);
  const probed = { appCompileCache: path.join(final, NODE_COMPILE_CACHE_DIR) };
  if (await isComplete(final)) return probed;

  const sandbox = await options.sandboxes.create(
    icWorkspaceSpec(material, 'probe', { limits: options.limits }),
  );
  const temp = `${final}.tmp-${process.pid}-${Date.now()}`;
  try {
    const env = { NODE_COMPILE_CACHE: `${SANDBOX_WORKDIR}/${PROBE_COMPILE_CACHE}` };
    const built = await applyAndBuild(sandbox, new Uint8Array(0), material.ic.codebase, { env });
    if (!built.ok) {
      throw new InfraError(
        `task ${material.task.id}: the clean broken state does not build: ${built.reason}`,
      );
    }
    // Run once the app is ready; the folder stays empty for an app that is not Node's.
    const run = await serveAndRun(
      sandbox,
      material.ic.codebase,
      ['mkdir', '-p', env.NODE_COMPILE_CACHE],
      {
        timeoutMs: 30_000,
        env,
      },
    );
    if (run.notServed || run.result.exitCode !== 0) {
      throw new InfraError(
        `task ${material.task.id}: the clean broken state cannot be served: ${run.notServed ?? `exit ${run.result.exitCode}: ${run.result.stderr.trim().slice(-400)}`}`,
      );
    }
    await mkdir(temp, { recursive: true });
    await sandbox.copyOut(PROBE_COMPILE_CACHE, path.join(temp, NODE_COMPILE_CACHE_DIR));
    await untagCompileCache(path.join(temp, NODE_COMPILE_CACHE_DIR));
    await completeIntoPlace(temp, final);
    return probed;
  } finally {
    await rm(temp, { recursive: true, force: true });
    await sandbox.dispose().catch((error: unknown) => options.logger.warn(String(error)));
  }
}
