/**
 * Artifact files of one attempt under `<runDir>/artifacts/<key>/`. Each write is fsynced
 * (file and the directory entries that lead to it) before it resolves, so by the time the
 * runner commits the result row, every file the row points to is on disk; and replaces the
 * file whole, so a reader never sees part of one.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { describeProblem, InputError } from '../errors.ts';
import type { ArtifactSink } from '../util/artifact-sink.ts';

export const ARTIFACTS_DIR = 'artifacts';

/** An `ArtifactSink` that also remembers what it wrote (name → path relative to the run). */
export interface RecordingArtifactSink extends ArtifactSink {
  written(): Record<string, string>;
}

export function artifactDir(runDir: string, key: string): string {
  return join(runDir, ARTIFACTS_DIR, key);
}

export function createArtifactSink(runDir: string, key: string): RecordingArtifactSink {
  const root = artifactDir(runDir, key);
  const written: Record<string, string> = {};
  return {
    async write(name, data) {
      checkName(name);
      const file = join(root, name);
      const parent = dirname(file);
      const firstCreated = await mkdir(parent, { recursive: true });
      await writeDurably(file, data);
      await syncDir(parent);
      if (firstCreated !== undefined) {
        // New directories are themselves entries in their parents: sync up to the run dir.
        for (let dir = dirname(firstCreated); ; dir = dirname(dir)) {
          await syncDir(dir);
          if (relative(runDir, dir) === '' || dir === dirname(dir)) break;
        }
      }
      const path = relative(runDir, file).split(sep).join('/');
      written[name] = path;
      return path;
    },
    written: () => ({ ...written }),
  };
}

/** Removes what an interrupted try of this attempt left behind. */
export async function clearArtifacts(runDir: string, key: string): Promise<void> {
  await rm(artifactDir(runDir, key), { recursive: true, force: true });
}

function checkName(name: string): void {
  const parts = name.split('/');
  const ok =
    name.length > 0 &&
    !name.startsWith('/') &&
    !name.includes('\\') &&
    !name.includes('\0') &&
    parts.every((part) => part !== '' && part !== '.' && part !== '..');
  if (!ok) {
    throw new InputError(
      'INPUT_INVALID',
      describeProblem({
        field: 'artifact name',
        expected: 'a relative path without "..", "." or empty segments',
        found: name,
      }),
    );
  }
}

/**
 * Writes beside the file and renames it into place: a file written again as it grows (the
 * trajectory, step by step) is never seen half-written by a report read meanwhile.
 */
async function writeDurably(file: string, data: string | Uint8Array): Promise<void> {
  const partial = join(dirname(file), `.${basename(file)}.partial`);
  const handle = await open(partial, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(partial, file);
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
