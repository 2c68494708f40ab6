/** A worker pulls by digest what the run pinned and it lacks, and refuses what it cannot get. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import type { ImageEngine } from '../official/images.ts';
import { fetchPinnedImages, registryDigests } from './pinned-images.ts';

const NAME = 'registry.example:5000/swl/swelancer_x86_14958:releasev1';
const DIGEST = 'registry.example:5000/swl/swelancer_x86_14958@sha256:1111';
const pinned = { name: NAME, id: 'sha256:aaaa', repoDigests: [DIGEST], sizeBytes: 1 };

/**
 * An engine holding `images` (reference → id) whose registry serves `registry` (digest
 * reference → id); every call is recorded.
 */
function scriptedEngine(images: Record<string, string>, registry: Record<string, string>) {
  const held = new Map(Object.entries(images));
  const calls: string[] = [];
  const engine: ImageEngine = {
    async inspect(reference) {
      const id = held.get(reference);
      return id === undefined ? undefined : { id };
    },
    async pull(reference) {
      calls.push(`pull ${reference}`);
      const id = registry[reference];
      if (id === undefined) {
        throw new InputError('SANDBOX_UNAVAILABLE', `could not pull ${reference}: not found`);
      }
      held.set(reference, id);
    },
    async tag(reference, name) {
      calls.push(`tag ${reference} ${name}`);
      const id = held.get(reference);
      if (id !== undefined) held.set(name, id);
    },
  };
  return { engine, calls, held };
}

async function fetched(
  engine: ImageEngine,
  images = [pinned],
  pull = true,
): Promise<{ error?: string; log: string[] }> {
  const log: string[] = [];
  try {
    await fetchPinnedImages({ runDir: '/runs/r1', images }, engine, {
      pull,
      log: (m) => log.push(m),
    });
    return { log };
  } catch (error) {
    return { error: (error as Error).message, log };
  }
}

describe('fetchPinnedImages', () => {
  it('leaves an image that is here with the pinned id alone', async () => {
    const { engine, calls } = scriptedEngine({ [NAME]: 'sha256:aaaa' }, {});
    expect(await fetched(engine)).toEqual({ log: [] });
    expect(calls).toEqual([]);
  });

  it('pulls a missing image by its digest, tags it with the run’s name, and says so', async () => {
    const { engine, calls, held } = scriptedEngine({}, { [DIGEST]: 'sha256:aaaa' });
    const { error, log } = await fetched(engine);
    expect(error).toBeUndefined();
    expect(calls).toEqual([`pull ${DIGEST}`, `tag ${DIGEST} ${NAME}`]);
    expect(held.get(NAME)).toBe('sha256:aaaa');
    expect(log).toEqual([
      `pulling ${DIGEST} for ${NAME} (found no such image here with the pinned id)`,
      `pulled ${DIGEST} as ${NAME} (sha256:aaaa, as the run pinned)`,
    ]);
  });

  it('replaces a same-named image of another id by the pinned one', async () => {
    const { engine, held } = scriptedEngine({ [NAME]: 'sha256:bbbb' }, { [DIGEST]: 'sha256:aaaa' });
    expect((await fetched(engine)).error).toBeUndefined();
    expect(held.get(NAME)).toBe('sha256:aaaa');
  });

  it('refuses when the pull fails, naming the digest tried and the error', async () => {
    const { engine } = scriptedEngine({ [NAME]: 'sha256:bbbb' }, {});
    expect((await fetched(engine)).error).toBe(
      'the run of /runs/r1 pinned its images by id and this worker could not get them: ' +
        `${NAME}: expected sha256:aaaa, found sha256:bbbb; tried docker pull ${DIGEST}: not found`,
    );
  });

  it('refuses a pulled image whose id differs, and does not tag it', async () => {
    const { engine, calls } = scriptedEngine({}, { [DIGEST]: 'sha256:cccc' });
    expect((await fetched(engine)).error).toMatch(
      `tried docker pull ${DIGEST}: pulled, but its id is sha256:cccc`,
    );
    expect(calls).toEqual([`pull ${DIGEST}`]);
  });

  it('tries the other repo digests when the first fails', async () => {
    const mirror = 'mirror.example/swl/swelancer_x86_14958@sha256:1111';
    const { engine, calls } = scriptedEngine({}, { [mirror]: 'sha256:aaaa' });
    const image = { ...pinned, repoDigests: [mirror, DIGEST] };
    expect((await fetched(engine, [image])).error).toBeUndefined();
    // The image's own repository first, then the mirror.
    expect(calls).toEqual([`pull ${DIGEST}`, `pull ${mirror}`, `tag ${mirror} ${NAME}`]);
  });

  it('refuses a local build (no registry digest) without pulling, saying to build or load it', async () => {
    const { engine, calls } = scriptedEngine({}, {});
    // Podman reports a digest under localhost/ for an image built on the host: no registry has it.
    const local = {
      ...pinned,
      name: 'localhost/swl_1:t',
      repoDigests: ['localhost/swl_1@sha256:9'],
    };
    for (const image of [local, { ...pinned, repoDigests: [] }]) {
      expect((await fetched(engine, [image])).error).toMatch(
        'found no such image here; the run recorded no registry digest for it (a local build): ' +
          'build or load (docker load) that image on this host',
      );
    }
    expect(calls).toEqual([]);
  });

  it('with --no-pull, pulls nothing and names the digest to pull', async () => {
    const { engine, calls } = scriptedEngine({}, { [DIGEST]: 'sha256:aaaa' });
    expect((await fetched(engine, [pinned], false)).error).toMatch(
      `${NAME}: expected sha256:aaaa (docker pull ${DIGEST}), found no such image here; ` +
        'this worker runs with --no-pull',
    );
    expect(calls).toEqual([]);
  });

  it('lists every image it could not get', async () => {
    const { engine } = scriptedEngine({}, {});
    const other = { ...pinned, name: 'x:1', repoDigests: [] };
    expect((await fetched(engine, [pinned, other])).error).toMatch(
      /could not get them: .*14958:releasev1: expected .*; x:1: expected/,
    );
  });
});

describe('registryDigests', () => {
  it('puts the image’s own repository first, Docker Hub names being one repository', () => {
    const image = {
      name: 'swelancer/swelancer_x86_1:releasev1',
      repoDigests: ['mirror.example/a@sha256:2', 'docker.io/swelancer/swelancer_x86_1@sha256:2'],
    };
    expect(registryDigests(image)).toEqual([
      'docker.io/swelancer/swelancer_x86_1@sha256:2',
      'mirror.example/a@sha256:2',
    ]);
  });
});
