/**
 * Whether this machine can run official IC tasks: a Docker Engine API (Docker, or Podman's
 * compatible service) that answers. The images themselves are checked when a run pins them.
 */
import { existsSync } from 'node:fs';
import type { Availability } from '../sandbox/types.ts';

const INSTALL =
  'install Docker or Podman (for Podman, scripts/sandbox-setup.sh starts its API service), or set DOCKER_HOST; see docs/official-images.md';

export async function officialImageSupport(
  options: { dockerSocket?: string } = {},
): Promise<Availability> {
  const [{ default: Docker }, { resolveSocket }] = await Promise.all([
    import('dockerode'),
    import('../sandbox/container/index.ts'),
  ]);
  const socketPath = resolveSocket(options);
  if (!existsSync(socketPath)) {
    return { ok: false, reason: `no Docker Engine API socket at ${socketPath}: ${INSTALL}` };
  }
  try {
    await new Docker({ socketPath, timeout: 5000 }).ping();
  } catch (error) {
    return {
      ok: false,
      reason: `the Docker Engine API at ${socketPath} does not answer (${error instanceof Error ? error.message : String(error)}): ${INSTALL}`,
    };
  }
  return { ok: true };
}
