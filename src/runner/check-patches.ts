/**
 * Checks with git that each task's patches apply, with the IC pipeline's own pieces, in a
 * temporary cache folder removed afterwards. The clean state of each codebase is built once
 * (`prepareBrokenState` without a break patch: a copy and a commit); each break patch is
 * applied to it by `diffOfPatch`, in a throwaway index. A fix patch is applied the same way
 * to its task's broken state, built only for tasks with both patches. That costs git
 * processes per task, so `swelancer tasks validate` runs it and loading a suite does not.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { diffOfPatch } from '../ic/fixed-diff.ts';
import {
  type BrokenStateSource,
  brokenStateOf,
  type PreparedState,
  prepareBrokenState,
} from '../ic/prepare.ts';
import { type Problem, plainProblem } from '../task/problems.ts';
import type { Codebase, Suite, Task } from '../task/types.ts';

/** Tasks checked at once: every step is a git process or a copy. */
const CONCURRENCY = 2;

/** Git's words are kept whole enough to say which file and line failed. */
const MAX_REASON = 400;

/** Problems of the tasks whose patches do not apply; `shownRoot` is the suite as given. */
export async function checkPatches(suite: Suite, shownRoot: string): Promise<Problem[]> {
  const cacheDir = await mkdtemp(path.join(tmpdir(), 'swelancer-patch-check-'));
  try {
    const cleanStates = new Map<string, Promise<PreparedState>>();
    const context: CheckContext = {
      cacheDir,
      clean(codebase) {
        let state = cleanStates.get(codebase.name);
        if (!state) {
          state = prepareBrokenState(cleanView(codebase), cacheDir);
          cleanStates.set(codebase.name, state);
        }
        return state;
      },
      problem(task, field, patch, expected, found) {
        const dir = task.source.type === 'native' ? task.source.dir : suite.origin;
        const shown = path.join(shownRoot, path.relative(suite.origin, dir), 'task.json');
        const said = found.trim().replace(/\s*\n\s*/g, '; ');
        const cut = said.length > MAX_REASON ? `${said.slice(0, MAX_REASON - 3)}...` : said;
        const written = path.relative(dir, patch);
        return plainProblem(
          shown,
          `expected ${expected}, found ${JSON.stringify(cut)} (${written})`,
          field,
        );
      },
    };
    const found = await mapLimited(suite.tasks, CONCURRENCY, (task) => checkTask(task, context));
    return found.flat();
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}

interface CheckContext {
  cacheDir: string;
  /** The codebase's clean state, built once. */
  clean(codebase: Codebase): Promise<PreparedState>;
  /** "task.json, field: expected <expected>, found <what git said> (<patch as written>)". */
  problem(task: Task, field: string, patch: string, expected: string, found: string): Problem;
}

async function checkTask(task: Task, context: CheckContext): Promise<Problem[]> {
  if (task.kind === 'swe_manager') {
    if (!task.codebase || !task.breakPatch) return [];
    const found = await applies(await context.clean(task.codebase), task.breakPatch);
    if (found === undefined) return [];
    const expected = appliesTo(task.codebase);
    return [context.problem(task, 'manager.breakPatch', task.breakPatch, expected, found)];
  }
  if (task.ic.runnable !== true) return [];
  const { codebase, breakPatch, fixPatch } = task.ic;
  if (breakPatch) {
    const found = await applies(await context.clean(codebase), breakPatch);
    if (found !== undefined) {
      return [context.problem(task, 'ic.breakPatch', breakPatch, appliesTo(codebase), found)];
    }
  }
  if (!fixPatch) return [];
  // Without a break patch the clean codebase is the broken state.
  const broken = breakPatch
    ? await prepareBrokenState(brokenStateOf(task), context.cacheDir)
    : await context.clean(codebase);
  const found = await applies(broken, fixPatch);
  if (found === undefined) return [];
  const expected = breakPatch
    ? `a patch that applies to the broken state (codebase "${codebase.name}" with the break patch)`
    : appliesTo(codebase);
  return [context.problem(task, 'ic.fixPatch', fixPatch, expected, found)];
}

/** Undefined when `patch` applies to `state`, else what git said. */
async function applies(state: PreparedState, patch: string): Promise<string | undefined> {
  const applied = await diffOfPatch(state, new Uint8Array(await readFile(patch)));
  return applied.ok ? undefined : applied.reason;
}

function appliesTo(codebase: Codebase): string {
  return `a patch that applies to codebase "${codebase.name}"`;
}

/** The codebase as it is: what the pipeline builds for a task without a break patch. */
function cleanView(codebase: Codebase): BrokenStateSource {
  return { contentHash: `clean codebase ${codebase.name}`, codebase, breakPatch: undefined };
}

/** `work` over `items` with at most `limit` at once, results in the order of `items`. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
