/**
 * Loads a native suite folder: `suite.json`, its codebases, and one folder per task under
 * `tasksDir`. Every problem is collected with its file and field; `loadNativeSuite` throws
 * them together, `checkNativeSuite` returns them for `swelancer tasks validate`.
 */

import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import {
  checkDirectory,
  checkFile,
  FILE_LIMITS,
  hashTree,
  readJsonFile,
  resolveInside,
  suiteRealPath,
} from './files.ts';
import {
  type ResolvedCodebase,
  resolveNativeTask,
  type SuiteContext,
  shownPath,
} from './native-task.ts';
import {
  expectationErrorMap,
  type Problem,
  plainProblem,
  problem,
  SuiteInvalidError,
  zodProblems,
} from './problems.ts';
import { readQuarantine, tagQuarantined } from './quarantine.ts';
import { type SuiteFile, suiteFileSchema } from './schema.ts';
import type { Suite, Task } from './types.ts';

export const SUITE_MANIFEST = 'suite.json';
export const TASK_MANIFEST = 'task.json';

/** The result of loading a source without throwing: what loaded, and every problem found. */
export interface SuiteCheck {
  /** The suite with the tasks that loaded; undefined when the manifest itself is unusable. */
  suite: Suite | undefined;
  problems: Problem[];
}

/** Loads a native suite, or throws `SuiteInvalidError` listing every problem. */
export async function loadNativeSuite(dir: string): Promise<Suite> {
  const { suite, problems } = await checkNativeSuite(dir);
  if (!suite || problems.length > 0) throw new SuiteInvalidError(dir, problems);
  return suite;
}

export async function checkNativeSuite(dir: string): Promise<SuiteCheck> {
  const root = path.resolve(dir);
  const realRoot = await suiteRealPath(root);
  const shownManifest = path.join(dir, SUITE_MANIFEST);
  const manifestFile = path.join(root, SUITE_MANIFEST);
  const json = await readJsonFile(realRoot, manifestFile, shownManifest, FILE_LIMITS.manifest);
  if (!json.ok) return { suite: undefined, problems: [json.problem] };
  const parsed = suiteFileSchema.safeParse(json.value, { error: expectationErrorMap });
  if (!parsed.success) {
    return {
      suite: undefined,
      problems: zodProblems({ file: shownManifest }, json.value, parsed.error.issues),
    };
  }
  const manifest = parsed.data;
  const problems: Problem[] = [];
  const codebases = await resolveCodebases(
    { root, realRoot, shownRoot: dir },
    shownManifest,
    manifest,
    problems,
  );
  const context: SuiteContext = {
    root,
    realRoot,
    shownRoot: dir,
    name: manifest.name,
    version: manifest.version,
    codebases,
  };

  const tasks: Task[] = [];
  const taskDirs = await listTaskDirs(context, manifest.tasksDir, shownManifest, problems);
  // Tasks are independent: resolve them concurrently, keep them in folder order.
  const resolutions = await Promise.all(
    taskDirs.map((taskDir) => resolveNativeTask(context, taskDir)),
  );
  const firstFolder = new Map<string, string>();
  for (const [index, resolution] of resolutions.entries()) {
    problems.push(...resolution.problems);
    const task = resolution.task;
    if (!task) continue;
    const folder = shownPath(context, taskDirs[index] as string);
    const earlier = firstFolder.get(task.id);
    if (earlier !== undefined) {
      problems.push(
        plainProblem(
          path.join(folder, TASK_MANIFEST),
          `duplicate task id "${task.id}" (also used by ${path.join(earlier, TASK_MANIFEST)})`,
          'id',
        ),
      );
      continue;
    }
    firstFolder.set(task.id, folder);
    tasks.push(task);
  }
  const quarantine = await readQuarantine(root, dir);
  problems.push(...quarantine.problems);
  tagQuarantined(tasks, quarantine.entries);
  return {
    suite: {
      name: manifest.name,
      version: manifest.version,
      description: manifest.description,
      origin: root,
      tasks,
    },
    problems,
  };
}

async function resolveCodebases(
  { root, realRoot, shownRoot }: Pick<SuiteContext, 'root' | 'realRoot' | 'shownRoot'>,
  shownManifest: string,
  manifest: SuiteFile,
  problems: Problem[],
): Promise<Map<string, ResolvedCodebase>> {
  const resolved = new Map<string, ResolvedCodebase>();
  for (const [name, written] of Object.entries(manifest.codebases)) {
    const field = `codebases.${name}.dir`;
    const dir = resolveInside(root, root, written.dir);
    if (!dir) {
      problems.push(
        problem({
          file: shownManifest,
          field,
          expected: 'a path inside the suite folder',
          found: written.dir,
        }),
      );
      continue;
    }
    const place = { file: shownManifest, field, written: path.join(shownRoot, written.dir) };
    const folder = await checkDirectory(realRoot, dir, place);
    if (!folder.ok) {
      problems.push(folder.problem);
      continue;
    }
    let lockfilesOk = true;
    for (const [index, lockfile] of written.lockfiles.entries()) {
      const lockPath = resolveInside(root, dir, lockfile);
      const isFile = lockPath
        ? (await checkFile(realRoot, lockPath, { file: shownManifest })).ok
        : false;
      if (!isFile) {
        lockfilesOk = false;
        problems.push(
          problem({
            file: shownManifest,
            field: `codebases.${name}.lockfiles[${index}]`,
            expected: `a file inside the codebase folder ${written.dir}`,
            found: lockfile,
          }),
        );
      }
    }
    if (!lockfilesOk) continue;
    const codebase = {
      name,
      dir,
      install: written.install,
      lockfiles: written.lockfiles,
      build: written.build,
      serve: written.serve,
      port: written.port,
      readyPath: written.readyPath,
      unitTest: written.unitTest,
    };
    const { dir: _absolute, ...commands } = codebase;
    const tree = await hashTree(realRoot, dir, place);
    if (!tree.ok) {
      problems.push(tree.problem);
      continue;
    }
    resolved.set(name, { codebase, definition: { ...commands, files: tree.value.hash } });
  }
  return resolved;
}

/** Every folder under `tasksDir` (hidden ones aside), sorted; each must hold a task.json. */
async function listTaskDirs(
  context: SuiteContext,
  tasksDir: string,
  shownManifest: string,
  problems: Problem[],
): Promise<string[]> {
  const dir = resolveInside(context.root, context.root, tasksDir);
  if (!dir) {
    problems.push(
      problem({
        file: shownManifest,
        field: 'tasksDir',
        expected: 'a path inside the suite folder',
        found: tasksDir,
      }),
    );
    return [];
  }
  const place = { file: shownManifest, field: 'tasksDir', written: shownPath(context, dir) };
  const folder = await checkDirectory(context.realRoot, dir, place);
  if (!folder.ok) {
    problems.push(folder.problem);
    return [];
  }
  const entries = await readdir(dir, { withFileTypes: true });
  const folders = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  const taskDirs: string[] = [];
  for (const name of folders) {
    const taskDir = path.join(dir, name);
    // Whatever is there is read (or refused) with the task: only nothing at all is "none".
    const hasManifest = await lstat(path.join(taskDir, TASK_MANIFEST)).then(
      () => true,
      () => false,
    );
    if (hasManifest) taskDirs.push(taskDir);
    else {
      problems.push(
        plainProblem(
          shownPath(context, taskDir),
          `expected a ${TASK_MANIFEST} in every task folder, found none`,
        ),
      );
    }
  }
  if (taskDirs.length === 0 && folders.length === 0) {
    problems.push(
      plainProblem(
        shownPath(context, dir),
        `expected at least one task folder (with a ${TASK_MANIFEST}), found none`,
      ),
    );
  }
  return taskDirs;
}
