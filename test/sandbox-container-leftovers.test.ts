// Which containers `cleanupLeftovers` removes: those of its root folder whose owner (labels:
// pid and start time, host, boot) is gone, even when the pid now belongs to another
// process; never one of a live harness, one made on another host, or one of another root.
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_SANDBOX_LABEL } from '../src/sandbox/container/image-sandbox.ts';
import { DEFAULT_IMAGE, resolveSocket } from '../src/sandbox/container/index.ts';
import { openSandboxProvider } from '../src/sandbox/index.ts';
import { currentHarness, type HarnessIdentity, ownerLabels } from '../src/sandbox/owner.ts';
import { requireContainers } from './support/container.ts';

const usable = await requireContainers();

if (!usable) {
  describe('container leftovers', () => {
    it.skip('needs a Docker Engine API and the sandbox image (see the printed reason)', () => {});
  });
}

describe.runIf(usable)('container leftovers', () => {
  const docker = new Docker({ socketPath: resolveSocket({}) });
  const made: string[] = [];
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp('/tmp/swl-ctr-leftovers-');
  });
  afterAll(async () => {
    for (const id of made)
      await docker
        .getContainer(id)
        .remove({ force: true })
        .catch(() => {});
    await rm(root, { recursive: true, force: true });
  });

  /** A container labelled as a sandbox of `owner` in a slot of `rootDir`, never started. */
  const labelled = async (owner: HarnessIdentity, rootDir = path.join(root, 'sandboxes')) => {
    const container = await docker.createContainer({
      Image: DEFAULT_IMAGE,
      Entrypoint: ['true'],
      Labels: {
        'swelancer.sandbox': '1',
        'swelancer.slot': path.join(rootDir, `sb-${made.length}`),
        ...ownerLabels(owner),
      },
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

  it('removes the containers of dead owners in its root only', async () => {
    const me = await currentHarness();
    const live = await labelled(me);
    const reusedPid = await labelled({ ...me, pidStart: me.pidStart - 1 });
    const rebooted = await labelled({ ...me, bootId: 'an-earlier-boot' });
    const elsewhere = await labelled({ ...me, pid: 1, pidStart: 1, host: 'another-host' });
    const otherRoot = await labelled({ ...me, pidStart: 1 }, path.join(root, 'other'));
    const provider = await openSandboxProvider('container', {
      rootDir: path.join(root, 'sandboxes'),
    });
    expect(await provider.cleanupLeftovers()).toBe(2);
    expect(await exists(reusedPid)).toBe(false);
    expect(await exists(rebooted)).toBe(false);
    for (const kept of [live, elsewhere, otherRoot]) expect(await exists(kept)).toBe(true);
  });

  it('removes the image sandboxes (official images) of dead owners, never a live one', async () => {
    const me = await currentHarness();
    const imageSandbox = async (owner: HarnessIdentity) => {
      const container = await docker.createContainer({
        Image: DEFAULT_IMAGE,
        Entrypoint: ['true'],
        Labels: { [IMAGE_SANDBOX_LABEL]: '1', ...ownerLabels(owner) },
      });
      made.push(container.id);
      return container.id;
    };
    const live = await imageSandbox(me);
    const dead = await imageSandbox({ ...me, bootId: 'an-earlier-boot' });
    const provider = await openSandboxProvider('container', {
      rootDir: path.join(root, 'images'),
    });
    expect(await provider.cleanupLeftovers()).toBeGreaterThanOrEqual(1);
    expect(await exists(dead)).toBe(false);
    expect(await exists(live)).toBe(true);
  });
});
