/** One attempt as its page sees it: the store's rows and access to its evidence files. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AttemptResult, TaskRecord, TaskText } from '../../store/types.ts';
import { artifactHref } from './evidence-href.ts';

export interface AttemptView {
  result: AttemptResult;
  /** Undefined only for a result of a task the run does not list (a damaged store). */
  task: TaskRecord | undefined;
  /** Undefined for runs recorded before task texts were stored. */
  text: TaskText | undefined;
  /** The run directory, absolute. */
  runDir: string;
  /** The href of the run directory from the page, ending in `/`. */
  hrefBase: string;
  /** The run directory as a shell where the report was made names it (for commands shown). */
  commandDir: string;
  /** The href of the report's index from the page, when there is one. */
  indexHref: string | undefined;
}

/** The artifact's path relative to the run directory, if the attempt recorded it. */
export function artifactPath(view: AttemptView, name: string): string | undefined {
  return view.result.artifacts[name];
}

/** A link target for a recorded artifact, relative to the page. */
export function hrefOf(view: AttemptView, name: string): string | undefined {
  const path = artifactPath(view, name);
  return path === undefined ? undefined : artifactHref(view.hrefBase, path);
}

/**
 * A recorded artifact's text, or undefined when the attempt did not record it or the file
 * is gone (a run directory copied without its artifacts): a page shows what is there.
 */
export function readArtifact(view: AttemptView, name: string): string | undefined {
  const path = artifactPath(view, name);
  if (path === undefined) return undefined;
  try {
    return readFileSync(join(view.runDir, path), 'utf8');
  } catch {
    return undefined;
  }
}

/** The shell path of an artifact for a command run where the report was made. */
export function commandPathOf(view: AttemptView, name: string): string | undefined {
  const path = artifactPath(view, name);
  if (path === undefined) return undefined;
  const dir = view.commandDir === '' || view.commandDir === '.' ? '' : `${view.commandDir}/`;
  return `${dir}${path}`;
}
