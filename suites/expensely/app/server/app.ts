import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SESSION_COOKIE } from './auth/sessions.ts';
import { parseCookies, type RequestContext } from './http/context.ts';
import { HttpError } from './http/errors.ts';
import { json, send, sendError } from './http/respond.ts';
import { serveStatic } from './http/static.ts';
import { buildRouter } from './routes/index.ts';
import type { Services } from './services/index.ts';

export interface AppOptions {
  services: Services;
  /** Folder of the built client (index.html and assets); undefined serves the API only. */
  staticDir: string | undefined;
  log: (line: string) => void;
}

/** State-changing API calls must come from our own pages: a cheap guard against CSRF. */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function createApp(options: AppOptions): Server {
  const router = buildRouter();
  const { services, staticDir, log } = options;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const isApi = url.pathname.startsWith('/api/') || url.pathname === '/health';
    if (!isApi) {
      if (
        (method === 'GET' || method === 'HEAD') &&
        staticDir &&
        (await serveStatic(staticDir, url.pathname, res))
      ) {
        return;
      }
      send(res, json({ error: { code: 'not_found', message: 'Page not found' } }, 404));
      return;
    }
    if (method !== 'GET' && !sameOrigin(req)) {
      throw new HttpError(403, 'cross_origin', 'Cross-origin requests are not allowed');
    }
    const { found, allowed } = router.match(method, url.pathname);
    if (!found) {
      if (allowed.length > 0) {
        send(
          res,
          json(
            { error: { code: 'method_not_allowed', message: `Use ${allowed.join(', ')}` } },
            405,
            { allow: allowed.join(', ') },
          ),
        );
      } else {
        send(
          res,
          json({ error: { code: 'not_found', message: `No API route for ${url.pathname}` } }, 404),
        );
      }
      return;
    }
    const cookies = parseCookies(req.headers.cookie);
    const token = cookies[SESSION_COOKIE];
    const ctx: RequestContext = {
      req,
      res,
      method,
      path: url.pathname,
      params: found.params,
      query: url.searchParams,
      cookies,
      services,
      user: token ? services.sessions.resolve(token) : undefined,
      sessionToken: token,
    };
    send(res, await found.handler(ctx));
  }

  return createServer((req, res) => {
    const started = performance.now();
    res.on('finish', () => {
      if (process.env.LOG_REQUESTS === '1') {
        log(
          `${req.method} ${req.url} ${res.statusCode} ${(performance.now() - started).toFixed(1)}ms`,
        );
      }
    });
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendError(res, error, log);
    });
  });
}
