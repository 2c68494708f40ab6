import type { RequestContext } from './context.ts';
import type { HandlerResult } from './respond.ts';

export type Handler = (ctx: RequestContext) => Promise<HandlerResult> | HandlerResult;

interface Route {
  method: string;
  pattern: string;
  segments: string[];
  handler: Handler;
}

export interface RouteMatch {
  handler: Handler;
  params: Record<string, string>;
}

/**
 * A small path router: `/api/reports/:reportId/submit`. Static segments win over parameters at
 * the same position, so `/api/expenses/export` is not captured by `/api/expenses/:id`.
 */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, pattern, segments: split(pattern), handler });
    return this;
  }

  get(pattern: string, handler: Handler): this {
    return this.add('GET', pattern, handler);
  }
  post(pattern: string, handler: Handler): this {
    return this.add('POST', pattern, handler);
  }
  patch(pattern: string, handler: Handler): this {
    return this.add('PATCH', pattern, handler);
  }
  put(pattern: string, handler: Handler): this {
    return this.add('PUT', pattern, handler);
  }
  delete(pattern: string, handler: Handler): this {
    return this.add('DELETE', pattern, handler);
  }

  /** Finds the handler for a request; `allowed` lists methods when only the path matched. */
  match(method: string, path: string): { found?: RouteMatch; allowed: string[] } {
    const parts = split(path);
    const candidates: Array<{ route: Route; params: Record<string, string>; score: number }> = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      const score = route.segments.filter((s) => !s.startsWith(':')).length;
      candidates.push({ route, params, score });
    }
    candidates.sort((a, b) => b.score - a.score);
    const hit = candidates.find((c) => c.route.method === method);
    if (hit) return { found: { handler: hit.route.handler, params: hit.params }, allowed: [] };
    return { allowed: [...new Set(candidates.map((c) => c.route.method))] };
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i] ?? '';
    const actual = parts[i] ?? '';
    if (expected.startsWith(':')) {
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}
