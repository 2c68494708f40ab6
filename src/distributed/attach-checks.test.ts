/** A worker attaches only when it would run the coordinator's attempts on the same content. */
import { describe, expect, it } from 'vitest';
import { checkAttachable, keysDigest } from './attach-checks.ts';

const image = {
  name: 'swelancer/swelancer_x86_14958:releasev1',
  id: 'sha256:aaaa',
  repoDigests: ['swelancer/swelancer_x86_14958@sha256:1111'],
  sizeBytes: 1,
};
const run = {
  runDir: '/runs/r1',
  images: [image],
  tasks: { '14958-ic-0': 'c0ffee0000000000', '2000-manager-0': 'beef000000000000' },
  keysDigest: keysDigest(['k1', 'k2']),
};
const same = {
  images: [{ name: image.name, id: image.id }],
  tasks: new Map(Object.entries(run.tasks)),
  keysDigest: keysDigest(['k1', 'k2']),
};

describe('checkAttachable', () => {
  it('passes a worker with the same images, tasks and keys', () => {
    expect(() => checkAttachable(run, same)).not.toThrow();
  });

  it('refuses an image whose id differs from the pinned one, saying how to get the right one', () => {
    const other = { ...same, images: [{ name: image.name, id: 'sha256:bbbb' }] };
    expect(() => checkAttachable(run, other)).toThrow(
      "the run of /runs/r1 pinned its images by id and this worker's differ: " +
        'swelancer/swelancer_x86_14958:releasev1: expected sha256:aaaa ' +
        '(docker pull swelancer/swelancer_x86_14958@sha256:1111), found sha256:bbbb',
    );
    expect(() => checkAttachable(run, { ...same, images: [] })).toThrow(/found no such image here/);
  });

  it('names the tasks whose content differs or is missing', () => {
    const tasks = new Map([['14958-ic-0', 'd00d000000000001']]);
    expect(() => checkAttachable(run, { ...same, tasks })).toThrow(
      "this worker's copy of the run's tasks differs from the coordinator's: " +
        '14958-ic-0 has content d00d00000000, expected c0ffee000000; 2000-manager-0 is missing here',
    );
  });

  it('refuses other attempt keys over the same tasks', () => {
    expect(() => checkAttachable(run, { ...same, keysDigest: keysDigest(['k2', 'k1']) })).toThrow(
      /plans the run's attempts differently/,
    );
  });
});
