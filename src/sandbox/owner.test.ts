import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { orphanSlots, type SlotOwner, writeOwner } from './host-workspace.ts';
import { currentHarness, ownerFromLabels, ownerLabels } from './owner.ts';

describe('telling the sandboxes of dead harnesses from those of live ones', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'swl-owner-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const slot = async (name: string, owner?: Partial<SlotOwner>) => {
    const dir = path.join(root, name);
    await mkdir(dir);
    if (owner) {
      const record = {
        id: name,
        label: name,
        provider: 'local',
        uid: 1,
        createdAt: '',
        cgroups: [],
      };
      await writeOwner(
        { uid: 1, dir, workspace: path.join(dir, 'ws') },
        {
          ...record,
          pid: 0,
          pidStart: 0,
          ...owner,
        },
      );
    }
    return dir;
  };

  it('keeps live owners, other hosts and fresh slots; finds dead owners, reused pids, earlier boots', async () => {
    const me = await currentHarness();
    const exited = spawnSync('true').pid ?? 0;
    const live = await slot('sb-live', me);
    const older = await slot('sb-older-version', { pid: me.pid, pidStart: me.pidStart });
    const reused = await slot('sb-reused-pid', { ...me, pidStart: me.pidStart - 1 });
    const dead = await slot('sb-dead', { ...me, pid: exited, pidStart: 1 });
    const rebooted = await slot('sb-rebooted', { ...me, bootId: 'an-earlier-boot' });
    const elsewhere = await slot('sb-elsewhere', { ...me, pid: exited, host: 'another-host' });
    const fresh = await slot('sb-no-owner-fresh');
    const stale = await slot('sb-no-owner-stale');
    const old = new Date(Date.now() - 120_000);
    await utimes(stale, old, old);
    await mkdir(path.join(root, 'not-a-slot'));

    const orphans = await orphanSlots(root);
    expect(orphans.toSorted()).toEqual([dead, reused, rebooted, stale].toSorted());
    for (const kept of [live, older, elsewhere, fresh]) expect(orphans).not.toContain(kept);
    expect(await orphanSlots(path.join(root, 'missing'))).toEqual([]);
  });

  it('reads back the owner a container is labelled with; no label names no owner', async () => {
    const me = await currentHarness();
    expect(ownerFromLabels(ownerLabels(me))).toEqual(me);
    expect(ownerFromLabels({ 'swelancer.owner': '12:34' })).toEqual({ pid: 12, pidStart: 34 });
    expect(ownerFromLabels({ 'swelancer.sandbox': '1' })).toBeUndefined();
  });
});
