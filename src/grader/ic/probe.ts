import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InfraError } from '../../errors.ts';
import type { SandboxLimits, SandboxProvider } from '../../sandbox/types.ts';
import { sha256 } from '../../util/hash.ts';
import type { Logger } from '../../util/logger.ts';
import { applyAndBuild, type IcMaterial, icWorkspaceSpec, serveAndRun } from './app-runtime.ts';

/**
 * Checks once per broken state (and dependency set) that the clean broken state builds and
 * serves. If it does not, no agent could be graded on it: that is an infrastructure error of
 * the task or machine, never a model failure. Only successes are cached, so a retry after a
 * transient problem probes again.
 */
export async function probeBrokenState(
  material: IcMaterial,
  options: { sandboxes: SandboxProvider; cacheDir: string; logger: Logger; limits?: SandboxLimits },
): Promise<void> {
  const key = sha256(`${material.prepared.key}\n${material.nodeModules}`).slice(0, 32);
  const marker = path.join(options.cacheDir, 'probes', `${key}.ok`);
  if (
    await readFile(marker).then(
      () => true,
      () => false,
    )
  )
    return;

  const sandbox = await options.sandboxes.create(
    icWorkspaceSpec(material, 'probe', { limits: options.limits }),
  );
  try {
    const built = await applyAndBuild(sandbox, new Uint8Array(0), material.ic.codebase);
    if (!built.ok) {
      throw new InfraError(
        `task ${material.task.id}: the clean broken state does not build: ${built.reason}`,
      );
    }
    const run = await serveAndRun(sandbox, material.ic.codebase, ['true'], { timeoutMs: 30_000 });
    if (run.notServed || run.result.exitCode !== 0) {
      throw new InfraError(
        `task ${material.task.id}: the clean broken state cannot be served: ${run.notServed ?? `exit ${run.result.exitCode}: ${run.result.stderr.trim().slice(-400)}`}`,
      );
    }
  } finally {
    await sandbox.dispose().catch((error: unknown) => options.logger.warn(String(error)));
  }
  await mkdir(path.dirname(marker), { recursive: true });
  await writeFile(marker, new Date().toISOString());
}
