import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionUser } from '../auth/sessions.ts';
import type { Services } from '../services/index.ts';
import { badRequest, HttpError } from './errors.ts';

/** Everything a route handler needs about one request. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  cookies: Record<string, string>;
  services: Services;
  /** Set by the session middleware when the request carries a valid session cookie. */
  user: SessionUser | undefined;
  sessionToken: string | undefined;
}

const JSON_LIMIT = 1024 * 1024;

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    const name = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    if (name) cookies[name] = decodeURIComponent(value);
  }
  return cookies;
}

/** Reads the whole body, refusing anything larger than `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      throw new HttpError(413, 'payload_too_large', `Request body exceeds ${limit} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON object body; handlers then pick fields with the validation helpers. */
export async function readJson(ctx: RequestContext): Promise<Record<string, unknown>> {
  const type = ctx.req.headers['content-type'] ?? '';
  if (!type.includes('application/json')) {
    throw badRequest('Expected a JSON body (Content-Type: application/json)');
  }
  const raw = await readBody(ctx.req, JSON_LIMIT);
  if (raw.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw badRequest('Request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest('Request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

export function requireUser(ctx: RequestContext): SessionUser {
  if (!ctx.user) throw new HttpError(401, 'unauthorized', 'Sign in to continue');
  return ctx.user;
}

export function paramId(ctx: RequestContext, name: string): number {
  const raw = ctx.params[name] ?? '';
  if (!/^\d+$/.test(raw)) throw badRequest(`${name} must be a positive integer`);
  return Number(raw);
}
