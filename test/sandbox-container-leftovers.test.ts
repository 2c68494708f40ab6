// Which containers `cleanupLeftovers` removes: those whose owner (labels: pid and start
// time, host, boot) is gone, even when the pid now belongs to another process; never one
// of a live harness, nor one made on another host.
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE, resolveSocket } from '../src/sandbox/container/index.ts';
import { openSandboxProvider } from '../src/sandbox/index.ts';
import { currentHarness, type HarnessIdentity, ownerLabels } from '../src/sandbox/owner.ts';
import { requireContainers } from './support/container.ts';

const usable = await requireContainers();

describe.runIf(usable)('container leftovers', () => {
  const docker = new Docker({ socketPath: resolveSocket({}) });
  const made: string[] = [];
  afterAll(async () => {
    for (const id of made)
      await docker
        .getContainer(id)
        .remove({ force: true })
        .catch(() => {});
  });

  /** A container labelled as a sandbox of `owner`, never started (enough to be listed). */
  const labelled = async (owner: HarnessIdentity) => {
    const container = await docker.createContainer({
      Image: DEFAULT_IMAGE,
      Entrypoint: ['true'],
      Labels: { 'swelancer.sandbox': '1', ...ownerLabels(owner) },
    });
    made.push(container.id);
    return container.id;
  };
  const exists = (id: string) =>
    docker
      .getContainer(id)
      .inspect()
      .then(
        () => true,
        () => false,
      );

  it('removes the containers of dead owners only', async () => {
    const me = await currentHarness();
    const live = await labelled(me);
    const reusedPid = await labelled({ ...me, pidStart: me.pidStart - 1 });
    const rebooted = await labelled({ ...me, bootId: 'an-earlier-boot' });
    const elsewhere = await labelled({ ...me, pid: 1, pidStart: 1, host: 'another-host' });
    const provider = await openSandboxProvider('container');
    expect(await provider.cleanupLeftovers()).toBeGreaterThanOrEqual(2);
    expect(await exists(live)).toBe(true);
    expect(await exists(elsewhere)).toBe(true);
    expect(await exists(reusedPid)).toBe(false);
    expect(await exists(rebooted)).toBe(false);
  });
});

describe.skipIf(usable)('container leftovers', () => {
  it.skip('needs a Docker Engine API and the sandbox image (see the printed reason)', () => {});
});
