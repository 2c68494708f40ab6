/**
 * The image's hidden tests out of the agent's reach, for real (reference §3 step 3–4, done
 * properly): the task's test folder is copied out to the harness's cache, then all of
 * `/app/tests` (every task's tests, the playbooks) is deleted from the agent's container. A
 * password zip with a published password, as the official harness leaves, is no hiding.
 * Grading and the user tool run in fresh containers of the same image, whose tests were
 * never in the agent's reach.
 */
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { InfraError } from '../errors.ts';
import type { ImageSandbox } from '../sandbox/types.ts';
import { folderHash } from '../util/folder-hash.ts';
import { check, type PinnedImage } from './container.ts';
import { IMAGE_PATHS } from './settings.ts';

/** The host copy of a task's test folder (`issues/<question_id>/` of the image). */
export interface TestsCopy {
  dir: string;
  /** sha256 over the folder's files: which tests graded a verdict. */
  hash: string;
}

/** Copies the task's tests out of a container of `image`, once per image and task. */
export async function copyTestsOut(
  sandbox: ImageSandbox,
  image: PinnedImage,
  questionId: string,
  cacheDir: string,
): Promise<TestsCopy> {
  const dir = path.join(cacheDir, 'official-tests', image.id.replace(/^sha256:/, ''), questionId);
  if (!(await exists(dir))) {
    await mkdir(path.dirname(dir), { recursive: true });
    const scratch = `${dir}.${process.pid}.${Date.now()}`;
    await sandbox.copyOut(`${IMAGE_PATHS.tests}/issues/${questionId}`, scratch);
    // Another attempt of the same task may have copied it meanwhile: same image, same files.
    await rename(scratch, dir).catch(async (error: NodeJS.ErrnoException) => {
      await rm(scratch, { recursive: true, force: true });
      if (!(await exists(dir))) throw error;
    });
  }
  return { dir, hash: await folderHash(dir) };
}

/** Deletes `/app/tests` from the container and checks that it is gone. */
export async function removeTests(sandbox: ImageSandbox): Promise<void> {
  await check(sandbox, `rm -rf ${IMAGE_PATHS.tests}`);
  const left = await sandbox.exec(['sh', '-c', `test ! -e ${IMAGE_PATHS.tests}`]);
  if (left.exitCode !== 0) {
    throw new InfraError(`${IMAGE_PATHS.tests} is still in ${sandbox.id} after its removal`);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
