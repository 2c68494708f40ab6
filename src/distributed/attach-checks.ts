/**
 * What a worker checks before it attaches to a run, so that an attempt it cannot run as the
 * coordinator planned it is never taken (and failed) but left to a worker that can: the
 * official images it would use are the ones the run pinned (same image id), and every task
 * of the run is in its copy of the suite with the same content hash. A refusal says which
 * image or task differs, and how.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../errors.ts';
import type { RunManifest } from '../store/types.ts';
import { registryDigests } from './pinned-images.ts';

type PinnedImage = NonNullable<RunManifest['images']>[number];

export interface WorkerPlan {
  /** The official images this worker pinned from its own engine. */
  images: readonly Pick<PinnedImage, 'name' | 'id'>[];
  /** Its tasks, by id, with their content hashes. */
  tasks: ReadonlyMap<string, string>;
  /** `keysDigest` of the attempt keys it plans. */
  keysDigest: string;
}

/** Throws an InputError naming what differs; returns when the worker can run every attempt. */
export function checkAttachable(
  run: {
    runDir: string;
    images: readonly PinnedImage[] | undefined;
    tasks: Readonly<Record<string, string>>;
    keysDigest: string;
  },
  worker: WorkerPlan,
): void {
  const images = imageMismatches(run.images ?? [], worker.images);
  if (images.length > 0) {
    throw new InputError(
      'RUN_MISMATCH',
      `the run of ${run.runDir} pinned its images by id and this worker's differ: ${images.join('; ')}`,
    );
  }
  const tasks = taskMismatches(run.tasks, worker.tasks);
  if (tasks.length > 0) {
    throw new InputError(
      'RUN_MISMATCH',
      `this worker's copy of the run's tasks differs from the coordinator's: ${listed(tasks)}`,
    );
  }
  if (worker.keysDigest !== run.keysDigest) {
    throw new InputError(
      'RUN_MISMATCH',
      `this worker plans the run's attempts differently from the coordinator (same tasks, ` +
        'other attempt keys): expected the same swelancer version, agents and options',
    );
  }
}

/** One hash for a plan's attempt keys, in plan order: equal plans, equal digests. */
export function keysDigest(keys: readonly string[]): string {
  return createHash('sha256').update(keys.join('\n')).digest('hex');
}

export function imageMismatches(
  run: readonly PinnedImage[],
  worker: readonly Pick<PinnedImage, 'name' | 'id'>[],
): string[] {
  const local = new Map(worker.map((image) => [image.name, image.id]));
  const out: string[] = [];
  for (const image of run) {
    const id = local.get(image.name);
    if (id === image.id) continue;
    const digest = registryDigests(image)[0];
    const pull = digest ? ` (docker pull ${digest})` : '';
    out.push(
      id === undefined
        ? `${image.name}: expected ${image.id}${pull}, found no such image here`
        : `${image.name}: expected ${image.id}${pull}, found ${id}`,
    );
  }
  return out;
}

export function taskMismatches(
  run: Readonly<Record<string, string>>,
  worker: ReadonlyMap<string, string>,
): string[] {
  const out: string[] = [];
  for (const [id, hash] of Object.entries(run)) {
    const local = worker.get(id);
    if (local === hash) continue;
    out.push(
      local === undefined
        ? `${id} is missing here`
        : `${id} has content ${local.slice(0, 12)}, expected ${hash.slice(0, 12)}`,
    );
  }
  return out;
}

function listed(items: readonly string[]): string {
  const shown = items.slice(0, 3).join('; ');
  return items.length > 3 ? `${shown}; and ${items.length - 3} more` : shown;
}
