/**
 * Before a worker attaches, it gets the official images the run pinned: an image this host
 * lacks, or holds under the same name with another id, is pulled by the repo digest the
 * coordinator recorded (a tag may have been pushed again since; a digest cannot change),
 * tagged with the run's name, and its id checked against the pinned one. What cannot be got
 * that way (no registry digest, a failed pull, another id) refuses the run, saying what was
 * tried: the attempts stay on the queue for workers that have the images.
 */
import { InputError } from '../errors.ts';
import { type ImageEngine, splitTag } from '../official/images.ts';
import type { RunManifest } from '../store/types.ts';

type PinnedImage = NonNullable<RunManifest['images']>[number];

export interface FetchPinnedOptions {
  /** False with `worker --no-pull`: nothing is pulled, a missing image refuses the run. */
  pull: boolean;
  /** Where the worker says what it pulls (progress in bytes comes from the engine). */
  log(message: string): void;
}

/** Returns once every pinned image is here with its pinned id; throws an InputError if not. */
export async function fetchPinnedImages(
  run: { runDir: string; images: readonly PinnedImage[] },
  engine: ImageEngine,
  options: FetchPinnedOptions,
): Promise<void> {
  const problems: string[] = [];
  for (const image of run.images) {
    const problem = await fetchPinned(image, engine, options);
    if (problem) problems.push(problem);
  }
  if (problems.length === 0) return;
  throw new InputError(
    'RUN_MISMATCH',
    `the run of ${run.runDir} pinned its images by id and this worker could not get them: ` +
      problems.join('; '),
  );
}

/** Undefined when the image is here (or was pulled) with its pinned id; else what is wrong. */
async function fetchPinned(
  image: PinnedImage,
  engine: ImageEngine,
  options: FetchPinnedOptions,
): Promise<string | undefined> {
  const local = await engine.inspect(image.name);
  if (local?.id === image.id) return undefined;
  const found = local ? `found ${local.id}` : 'found no such image here';
  const wanted = `${image.name}: expected ${image.id}`;
  const digests = registryDigests(image);
  if (digests.length === 0) {
    return (
      `${wanted}, ${found}; the run recorded no registry digest for it (a local build): ` +
      'build or load (docker load) that image on this host'
    );
  }
  if (!options.pull) {
    return `${wanted} (docker pull ${digests[0]}), ${found}; this worker runs with --no-pull`;
  }
  const tried: string[] = [];
  for (const reference of digests) {
    options.log(`pulling ${reference} for ${image.name} (${found} with the pinned id)`);
    const failure = await pullAndTag(reference, image, engine);
    if (failure === undefined) {
      options.log(`pulled ${reference} as ${image.name} (${image.id}, as the run pinned)`);
      return undefined;
    }
    tried.push(`docker pull ${reference}: ${failure}`);
  }
  return `${wanted}, ${found}; tried ${tried.join(', then ')}`;
}

/** Undefined once `name` points at the pulled image of the pinned id; else why not. */
async function pullAndTag(
  reference: string,
  image: PinnedImage,
  engine: ImageEngine,
): Promise<string | undefined> {
  try {
    await engine.pull(reference);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The refusal names the reference already.
    return message.replace(`could not pull ${reference}: `, '');
  }
  const pulled = await engine.inspect(reference);
  if (pulled?.id !== image.id) {
    return `pulled, but its id is ${pulled?.id ?? 'unknown (not found after the pull)'}`;
  }
  await engine.tag(reference, image.name);
  const tagged = await engine.inspect(image.name);
  return tagged?.id === image.id
    ? undefined
    : `pulled and tagged, but ${image.name} still has id ${tagged?.id ?? 'none'}`;
}

/**
 * The image's repo digests that a registry can serve, its own repository's first. Podman
 * names an image built or loaded on a host `localhost/…` and reports a digest for it that no
 * registry holds, so those are left out, as a local build's are (Docker reports none).
 */
export function registryDigests(image: Pick<PinnedImage, 'name' | 'repoDigests'>): string[] {
  const own = repositoryOf(image.name);
  const servable = image.repoDigests.filter((digest) => !digest.startsWith('localhost/'));
  const same = servable.filter((digest) => repositoryOf(digest) === own);
  return [...same, ...servable.filter((digest) => !same.includes(digest))];
}

/** `docker.io/library/x:1`, `library/x` and `x` are one repository; so are `x@sha256:…` and `x:tag`. */
function repositoryOf(reference: string): string {
  const at = reference.indexOf('@');
  let { repo } = splitTag(at >= 0 ? reference.slice(0, at) : reference);
  if (repo.startsWith('docker.io/')) repo = repo.slice('docker.io/'.length);
  if (repo.startsWith('library/')) repo = repo.slice('library/'.length);
  return repo;
}
