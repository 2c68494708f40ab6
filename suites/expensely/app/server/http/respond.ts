import type { ServerResponse } from 'node:http';
import { HttpError } from './errors.ts';

/** What a handler returns; the router writes it. Handlers that stream write `res` themselves. */
export type HandlerResult =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'raw'; status: number; body: Buffer | string; headers: Record<string, string> }
  | { kind: 'empty'; status: number; headers?: Record<string, string> };

export function json(body: unknown, status = 200, headers?: Record<string, string>): HandlerResult {
  return { kind: 'json', status, body, headers };
}

export function created(body: unknown): HandlerResult {
  return json(body, 201);
}

export function noContent(headers?: Record<string, string>): HandlerResult {
  return { kind: 'empty', status: 204, headers };
}

export function raw(
  body: Buffer | string,
  contentType: string,
  headers: Record<string, string> = {},
): HandlerResult {
  return { kind: 'raw', status: 200, body, headers: { 'content-type': contentType, ...headers } };
}

export function send(res: ServerResponse, result: HandlerResult): void {
  if (result.kind === 'json') {
    const payload = JSON.stringify(result.body);
    res.writeHead(result.status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...result.headers,
    });
    res.end(payload);
  } else if (result.kind === 'raw') {
    res.writeHead(result.status, result.headers);
    res.end(result.body);
  } else {
    res.writeHead(result.status, result.headers ?? {});
    res.end();
  }
}

export function sendError(res: ServerResponse, error: unknown, log: (line: string) => void): void {
  if (error instanceof HttpError) {
    send(
      res,
      json(
        { error: { code: error.code, message: error.message, fields: error.fields } },
        error.status,
      ),
    );
    return;
  }
  log(
    `unhandled error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  send(
    res,
    json({ error: { code: 'internal', message: 'Something went wrong on our side' } }, 500),
  );
}
