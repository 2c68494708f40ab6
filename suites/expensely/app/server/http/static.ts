import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * Serves the built client. Unknown paths that look like pages get index.html so that the
 * browser router can handle deep links such as /workspaces/1/reports/4.
 */
export async function serveStatic(
  root: string,
  urlPath: string,
  res: ServerResponse,
): Promise<boolean> {
  const relative = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  const target = join(root, relative);
  if (!target.startsWith(root + sep) && target !== root) return false;
  const file = await existingFile(target);
  if (file) {
    const immutable = relative.startsWith(`assets${sep}`);
    stream(res, file, immutable);
    return true;
  }
  if (extname(relative) !== '') return false;
  const index = await existingFile(join(root, 'index.html'));
  if (!index) return false;
  stream(res, index, false);
  return true;
}

async function existingFile(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? path : undefined;
  } catch {
    return undefined;
  }
}

function stream(res: ServerResponse, file: string, immutable: boolean): void {
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  createReadStream(file).pipe(res);
}
