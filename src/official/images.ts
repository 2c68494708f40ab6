/**
 * The official images a run uses, pinned before any attempt: each task's image by the
 * official naming rule, looked up through the Docker Engine API and recorded by id, so that
 * a tag re-pushed with other content (it happened to the monolith) makes other attempt keys
 * instead of silently mixing verdicts. A missing image is pulled with `--pull`, or is one
 * clear error saying how to get it.
 */
import type Docker from 'dockerode';
import { InputError } from '../errors.ts';
import type { IcInOfficialImage, IcTask, Task } from '../task/types.ts';
import { hashValue } from '../util/hash.ts';
import { type OfficialSettings, officialImageName } from './settings.ts';

/** An image as the run records it (manifest and attempt keys). */
export interface ResolvedImage {
  name: string;
  /** `sha256:…` of its configuration: what pins its content. */
  id: string;
  /** `repo@sha256:…` digests from the registry it was pulled from (none for a local build). */
  repoDigests: string[];
  sizeBytes: number;
}

/** Pull progress of one image: bytes of its layers done and in all, as far as known. */
export type PullProgress = (image: string, doneBytes: number, totalBytes: number) => void;

/** Disk one image takes (reference §1): a per-task image about 14 GB, the monolith 15. */
const TYPICAL_GB = { 'per-task': 14, monolith: 15 } as const;

export function isOfficialIcTask(task: Task): task is IcTask & { ic: IcInOfficialImage } {
  return task.kind === 'ic_swe' && task.ic.runnable === 'official-image';
}

/**
 * Resolves the image of every official IC task among `tasks` and returns the tasks with
 * their image pinned (and their content hash covering it), plus the images for the manifest.
 */
export async function pinOfficialImages(
  tasks: readonly Task[],
  docker: Docker,
  settings: Pick<OfficialSettings, 'image' | 'prefix' | 'tag'>,
  options: {
    pull: boolean;
    onProgress?: PullProgress;
    /** Images needed besides the tasks' own (the monolith, for manager tasks' code). */
    also?: readonly string[];
  },
): Promise<{ tasks: Task[]; images: ResolvedImage[] }> {
  const names = new Map<string, ResolvedImage | undefined>();
  for (const name of options.also ?? []) names.set(name, undefined);
  for (const task of tasks) {
    if (isOfficialIcTask(task))
      names.set(officialImageName(task.ic.questionId, settings), undefined);
  }
  const missing: string[] = [];
  for (const name of names.keys()) {
    let image = await inspectImage(docker, name);
    if (!image && options.pull) {
      await pullImage(docker, name, options.onProgress);
      image = await inspectImage(docker, name);
    }
    if (image) names.set(name, image);
    else missing.push(name);
  }
  if (missing.length > 0) throw missingImagesError(missing, settings.image);
  const pinned = tasks.map((task) => {
    if (!isOfficialIcTask(task)) return task;
    const image = names.get(officialImageName(task.ic.questionId, settings));
    if (!image) return task;
    return pinTask(task, image);
  });
  return { tasks: pinned, images: [...names.values()].filter((i) => i !== undefined) };
}

/** The task bound to `image`: its content hash now covers the image's id. */
export function pinTask(task: IcTask & { ic: IcInOfficialImage }, image: ResolvedImage): IcTask {
  return {
    ...task,
    ic: { ...task.ic, image: { name: image.name, id: image.id } },
    contentHash: hashValue({ task: task.contentHash, image: image.id }),
  };
}

/**
 * The image calls that fetching a pinned image by digest makes (a worker's
 * `distributed/pinned-images.ts`): small so that its decisions can be tested against a
 * scripted engine, and served here by the same Docker Engine API calls as `run --pull`.
 */
export interface ImageEngine {
  /** The image a name or `repo@sha256:…` reference points at here; undefined when none. */
  inspect(reference: string): Promise<Pick<ResolvedImage, 'id'> | undefined>;
  /** Pulls a reference (a name or `repo@sha256:…`); throws an InputError naming it. */
  pull(reference: string): Promise<void>;
  /** Points `name` (`repo:tag`) at the image `reference` names. */
  tag(reference: string, name: string): Promise<void>;
}

export function dockerImageEngine(docker: Docker, onProgress?: PullProgress): ImageEngine {
  return {
    inspect: (reference) => inspectImage(docker, reference),
    pull: (reference) => pullImage(docker, reference, onProgress),
    async tag(reference, name) {
      const { repo, tag } = splitTag(name);
      await docker.getImage(reference).tag({ repo, tag: tag ?? 'latest' });
    },
  };
}

/**
 * `repo:tag` split at the tag: what follows the last colon after the last slash (a
 * registry's port is not a tag); undefined when the name has none.
 */
export function splitTag(name: string): { repo: string; tag: string | undefined } {
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/')
    ? { repo: name.slice(0, colon), tag: name.slice(colon + 1) }
    : { repo: name, tag: undefined };
}

async function inspectImage(docker: Docker, name: string): Promise<ResolvedImage | undefined> {
  try {
    const info = await docker.getImage(name).inspect();
    return { name, id: info.Id, repoDigests: info.RepoDigests ?? [], sizeBytes: info.Size };
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}

async function pullImage(docker: Docker, name: string, onProgress?: PullProgress): Promise<void> {
  const stream = await docker.pull(name);
  const layers = new Map<string, { done: number; total: number }>();
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null) => (error ? reject(error) : resolve()),
      (event: {
        id?: string;
        error?: string;
        progressDetail?: { current?: number; total?: number };
      }) => {
        if (event.error) {
          reject(new Error(event.error));
          return;
        }
        const detail = event.progressDetail;
        if (event.id && detail?.total) {
          layers.set(event.id, { done: detail.current ?? 0, total: detail.total });
          let done = 0;
          let total = 0;
          for (const layer of layers.values()) {
            done += layer.done;
            total += layer.total;
          }
          onProgress?.(name, done, total);
        }
      },
    );
  }).catch((error: unknown) => {
    throw new InputError(
      'SANDBOX_UNAVAILABLE',
      `could not pull ${name}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  });
}

function missingImagesError(missing: string[], choice: OfficialSettings['image']): InputError {
  const shown = missing.slice(0, 5).map((name) => `  docker pull ${name}`);
  const more = missing.length > 5 ? [`  … and ${missing.length - 5} more`] : [];
  const disk = missing.length * TYPICAL_GB[choice];
  return new InputError(
    'SANDBOX_UNAVAILABLE',
    [
      `${missing.length} official image(s) not found on this machine; get them with:`,
      ...shown,
      ...more,
      `or run again with --pull. They take about ${disk} GB of disk (${TYPICAL_GB[choice]} GB each)` +
        (choice === 'per-task'
          ? '; --official-image monolith uses one image for every task.'
          : '.'),
    ].join('\n'),
    { location: '--official-image' },
  );
}
