// Whether the `container` sandbox provider can run on this machine. Outside CI an unusable
// provider skips its tests with the reason printed; in CI (`CI` set) it fails them instead,
// so a broken set-up can never pass as green.
import { createContainerProvider } from '../../src/sandbox/container/index.ts';

export interface ContainerSupport {
  usable: boolean;
  reason: string;
}

export async function containerSupport(): Promise<ContainerSupport> {
  const availability = await createContainerProvider().available();
  return availability.ok
    ? { usable: true, reason: '' }
    : { usable: false, reason: `${availability.reason} (scripts/sandbox-setup.sh prepares it)` };
}

/**
 * Returns true when container tests should run. Throws (failing the suite) when they cannot
 * run and `CI` is set; otherwise prints why they are skipped.
 */
export async function requireContainers(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const support = await containerSupport();
  if (support.usable) return true;
  if (env.CI) throw new Error(`container sandbox unusable in CI: ${support.reason}`);
  process.stderr.write(`skipping container sandbox tests: ${support.reason}\n`);
  return false;
}
