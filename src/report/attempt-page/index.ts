/**
 * Attempt pages: one HTML page per attempt, beside an HTML report (`attempts/<key>.html`,
 * see attempt-links.ts) or served on demand. They read the run store and the run directory
 * and never write into it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { AttemptResult, RunStoreReader, TaskRecord, TaskText } from '../../store/index.ts';
import { openRunStore } from '../../store/index.ts';
import { ATTEMPT_PAGES_DIR, attemptPageHref } from '../attempt-links.ts';
import type { AttemptView } from './attempt-view.ts';
import { runDirHref } from './evidence-href.ts';
import { renderAttemptHtml } from './page.ts';

export interface AttemptPageOptions {
  /** The href of the report's index from the page, for a link back. @default no link */
  indexHref?: string;
  /**
   * Where commands shown on the page (`npx playwright show-trace …`) are meant to run:
   * paths in them are relative to it when the run directory is inside it.
   * @default process.cwd()
   */
  cwd?: string;
}

/**
 * The page of attempt `key` of the run in `runDir`, its links relative to `hrefBase` (the
 * href of the run directory from where the page is served, e.g. `../../runs/main/`), or
 * undefined when the run has no result for that key.
 */
export function renderAttemptPage(
  runDir: string,
  key: string,
  hrefBase: string,
  options: AttemptPageOptions = {},
): string | undefined {
  const dir = resolve(runDir);
  const store = openRunStore(dir, { readonly: true });
  try {
    const result = store.result(key);
    if (result === undefined) return undefined;
    const task = store.tasks().find((t) => t.id === result.taskId);
    const [text] = store.taskTexts([result.taskId]);
    return renderAttemptHtml(viewOf(dir, result, task, text, hrefBase, options));
  } finally {
    store.close();
  }
}

/**
 * Writes the page of every recorded attempt to `attempts/<key>.html` beside `reportFile`,
 * linking back to it; returns how many. Only the report's folder is written.
 */
export function writeAttemptPages(
  runDir: string,
  reportFile: string,
  options: Pick<AttemptPageOptions, 'cwd'> = {},
): number {
  const dir = resolve(runDir);
  const out = dirname(resolve(reportFile));
  const pages = join(out, ATTEMPT_PAGES_DIR);
  mkdirSync(pages, { recursive: true });
  const hrefBase = runDirHref(pages, dir);
  const indexHref = `../${encodeURIComponent(basename(reportFile))}`;
  const { results, tasks, texts } = readAll(dir);
  for (const result of results) {
    const view = viewOf(dir, result, tasks.get(result.taskId), texts.get(result.taskId), hrefBase, {
      ...options,
      indexHref,
    });
    writeFileSync(join(out, attemptPageHref(result.key)), renderAttemptHtml(view));
  }
  return results.length;
}

function readAll(dir: string): {
  results: AttemptResult[];
  tasks: Map<string, TaskRecord>;
  texts: Map<string, TaskText>;
} {
  let store: RunStoreReader | undefined;
  try {
    store = openRunStore(dir, { readonly: true });
    return {
      results: store.results(),
      tasks: new Map(store.tasks().map((task) => [task.id, task])),
      texts: new Map(store.taskTexts().map((text) => [text.taskId, text])),
    };
  } finally {
    store?.close();
  }
}

function viewOf(
  runDir: string,
  result: AttemptResult,
  task: TaskRecord | undefined,
  text: TaskText | undefined,
  hrefBase: string,
  options: AttemptPageOptions,
): AttemptView {
  return {
    result,
    task,
    text,
    runDir,
    hrefBase,
    commandDir: shellDir(options.cwd ?? process.cwd(), runDir),
    indexHref: options.indexHref,
  };
}

/** The run directory relative to `cwd` when inside it (`runs/main`), else absolute. */
function shellDir(cwd: string, runDir: string): string {
  const path = relative(resolve(cwd), runDir);
  const inside = path !== '' && !path.startsWith('..') && !isAbsolute(path);
  return (inside ? path : path === '' ? '.' : runDir).split(sep).join('/');
}
