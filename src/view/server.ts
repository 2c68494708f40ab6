/**
 * `swelancer view`'s web server (node:http, loopback by default): the run directories under
 * a folder, each run's HTML report rendered from its store on request, and its evidence
 * files. It only reads: run directories may be read-only or another user's. URLs mirror a
 * run directory (`/runs/<name>/` is the report, `/runs/<name>/artifacts/…` its files), so
 * the report's links relative to the run work as they are.
 */
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InputError } from '../errors.ts';
import { buildRunReport } from '../metrics/run-report.ts';
import { renderAttemptPage } from '../report/attempt-page/index.ts';
import { renderReport } from '../report/index.ts';
import { readRunForReport } from '../report/read-run.ts';
import { listChangeToken, runChangeToken } from './change-token.ts';
import { type EvidenceFile, findEvidence } from './evidence.ts';
import { runListPage, withLiveReload } from './pages.ts';
import { findRuns, type RunEntry, type RunSummary, summarizeRun } from './runs.ts';

export interface ViewServerOptions {
  /** A folder of run directories (`runs/`), or one run directory. */
  root: string;
  /** @default '127.0.0.1' */
  host?: string;
  /** 0: any free port. @default 7878 */
  port?: number;
}

export interface ViewServer {
  /** Where it listens, e.g. `http://127.0.0.1:7878/`. */
  url: string;
  /** Stops listening and closes open connections (pages that poll keep one open). */
  close(): Promise<void>;
}

type Reply =
  | { status: number; type: string; body: string; headers?: Record<string, string> }
  | { status: 200; file: EvidenceFile };

/** What every route can use: the runs under the root, and renderings cached by change token. */
interface ViewContext {
  root: string;
  run(encodedName: string): RunEntry | undefined;
  runs(): RunEntry[];
  cached<T>(kind: string, run: RunEntry, token: string, make: () => T): T;
}

interface Route {
  name: string;
  pattern: RegExp;
  /** A promise where the reply is rendered asynchronously (the HTML report's charts). */
  handle(match: RegExpExecArray, context: ViewContext): Reply | Promise<Reply>;
}

/**
 * The server's routes, tried in order. `(?<run>…)` is a run directory's name, as found in
 * the listing (never a path).
 */
export const ROUTES: readonly Route[] = [
  { name: 'run list', pattern: /^\/$/, handle: (_, context) => runList(context) },
  {
    name: 'run list change token',
    pattern: /^\/live\.json$/,
    handle: (_, context) => json({ token: listChangeToken(context.runs()) }),
  },
  {
    name: 'run without its slash',
    pattern: /^\/runs\/(?<run>[^/]+)$/,
    handle: (match, context) =>
      withRun(match, context, () => ({
        status: 301,
        type: 'text/plain; charset=utf-8',
        body: 'moved\n',
        headers: { location: `${match[0]}/` },
      })),
  },
  {
    name: 'run report',
    pattern: /^\/runs\/(?<run>[^/]+)\/$/,
    handle: (match, context) => withRun(match, context, (run) => report(run, context)),
  },
  {
    name: 'run change token',
    pattern: /^\/runs\/(?<run>[^/]+)\/live\.json$/,
    handle: (match, context) =>
      withRun(match, context, (run) => json({ token: runChangeToken(run.dir) })),
  },
  {
    // One folder below the run, as `report --out` writes them: '../' is the run directory.
    name: 'attempt page',
    pattern: /^\/runs\/(?<run>[^/]+)\/attempts\/(?<key>[^/]+)\.html$/,
    handle: (match, context) =>
      withRun(match, context, (run) =>
        attemptPage(run, safeDecode(match.groups?.key ?? '') ?? '', context),
      ),
  },
  {
    name: 'evidence file',
    pattern: /^\/runs\/(?<run>[^/]+)\/artifacts\/(?<path>.+)$/,
    handle: (match, context) =>
      withRun(match, context, (run) => {
        const file = findEvidence(run.dir, (match.groups?.path ?? '').split('/'));
        return file ? { status: 200, file } : notFound('no such evidence file in this run');
      }),
  },
];

export async function startViewServer(options: ViewServerOptions): Promise<ViewServer> {
  const root = options.root;
  findRuns(root); // A root that is not a directory fails here, before anything listens.
  const cache = new Map<string, { token: string; value: unknown }>();
  const context: ViewContext = {
    root,
    runs: () => findRuns(root),
    run(encodedName) {
      const name = safeDecode(encodedName);
      return name === undefined ? undefined : findRuns(root).find((run) => run.name === name);
    },
    cached(kind, run, token, make) {
      const key = `${kind}\0${run.dir}`;
      const hit = cache.get(key);
      if (hit?.token === token) return hit.value as ReturnType<typeof make>;
      const value = make();
      cache.set(key, { token, value });
      return value;
    },
  };
  const server = createServer((request, response) => {
    void serve(request, response, context);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES' || error.code === 'EADDRNOTAVAIL'
          ? new InputError(
              'FLAG_INVALID',
              `--host ${host} --port ${options.port ?? 7878}: cannot listen there (${error.code}); choose another port (0: any free port)`,
              { cause: error },
            )
          : error,
      );
    });
    server.listen(options.port ?? 7878, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(
  request: IncomingMessage,
  response: ServerResponse,
  context: ViewContext,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    send(request, response, {
      status: 405,
      type: 'text/plain; charset=utf-8',
      body: 'read-only: only GET and HEAD\n',
      headers: { allow: 'GET, HEAD' },
    });
    return;
  }
  const path = new URL(request.url ?? '/', 'http://view').pathname;
  let reply: Reply = notFound(`nothing at ${path}`);
  try {
    for (const route of ROUTES) {
      const match = route.pattern.exec(path);
      if (match) {
        reply = await route.handle(match, context);
        break;
      }
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    reply = { status: 500, type: 'text/plain; charset=utf-8', body: `${message}\n` };
  }
  send(request, response, reply);
}

function send(request: IncomingMessage, response: ServerResponse, reply: Reply): void {
  const common = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };
  if ('file' in reply) {
    response.writeHead(200, {
      ...common,
      'content-type': reply.file.contentType,
      'content-length': reply.file.size,
      // Evidence is the agent's output: an HTML or SVG file must not script this origin.
      'content-security-policy': 'sandbox',
    });
    if (request.method === 'HEAD') response.end();
    else
      createReadStream(reply.file.path)
        .on('error', () => response.destroy())
        .pipe(response);
    return;
  }
  response.writeHead(reply.status, {
    ...common,
    ...reply.headers,
    'content-type': reply.type,
    'content-length': Buffer.byteLength(reply.body),
  });
  response.end(request.method === 'HEAD' ? undefined : reply.body);
}

function runList(context: ViewContext): Reply {
  const runs = context.runs();
  const summaries = runs.map((run) =>
    context.cached<RunSummary>('summary', run, runChangeToken(run.dir), () => summarizeRun(run)),
  );
  return html(runListPage(context.root, summaries, listChangeToken(runs)));
}

/** The run's HTML report with the report command's defaults, rendered once per change. */
async function report(run: RunEntry, context: ViewContext): Promise<Reply> {
  const token = runChangeToken(run.dir);
  const page = context.cached('report', run, token, () => {
    const read = readRunForReport(run.dir);
    const built = buildRunReport(read.input, {
      name: run.name,
      manifest: read.manifest,
      inFlight: read.inFlight,
      workersSpentUsd: read.workersSpentUsd,
    });
    return renderReport(built, 'html');
  });
  return html(withLiveReload(await page, token));
}

/** One attempt's page, rendered on request and kept until the run changes (the key is only looked up in the store). */
function attemptPage(run: RunEntry, key: string, context: ViewContext): Reply {
  const page = context.cached(`attempt ${key}`, run, runChangeToken(run.dir), () =>
    renderAttemptPage(run.dir, key, '../', { indexHref: '../' }),
  );
  return page === undefined ? notFound('no recorded attempt of that key in this run') : html(page);
}

function withRun(
  match: RegExpExecArray,
  context: ViewContext,
  handle: (run: RunEntry) => Reply | Promise<Reply>,
): Reply | Promise<Reply> {
  const run = context.run(match.groups?.run ?? '');
  return run ? handle(run) : notFound('no run of that name here');
}

function html(body: string): Reply {
  return { status: 200, type: 'text/html; charset=utf-8', body };
}

function json(value: unknown): Reply {
  return { status: 200, type: 'application/json', body: `${JSON.stringify(value)}\n` };
}

function notFound(why: string): Reply {
  return { status: 404, type: 'text/plain; charset=utf-8', body: `not found: ${why}\n` };
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
