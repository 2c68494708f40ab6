// A Docker Engine API proxy for fault injection: listens on a unix socket, passes every
// request through to the real API socket, and answers 503 to the requests a test picks
// (by pattern) or to every request while it is switched down. Point a provider at it with
// `dockerSocket` or DOCKER_HOST=unix://<socketPath>.
import { rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface FaultProxy {
  readonly socketPath: string;
  /** "METHOD /path status", one line per request, in arrival order. */
  readonly log: string[];
  /** Answers 503 to every request from now on, until `up()`. */
  down(): void;
  up(): void;
  /** Answers 503 to requests whose "METHOD /path" matches; `undefined` stops. */
  failWhen(pattern: RegExp | undefined): void;
  /**
   * Ends the client's side of an exec stream as soon as the client half-closes it (after
   * sending stdin), while the command still runs: the proxy fault seen in the field.
   */
  cutHalfClosedStreams(on: boolean): void;
  close(): Promise<void>;
}

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const socketPath = path.join(os.tmpdir(), `swl-fault-${process.pid}-${Date.now()}.sock`);
  let down = false;
  let pattern: RegExp | undefined;
  let cut = false;
  const log: string[] = [];
  const sockets = new Set<net.Socket>();

  const refused = (method: string, url: string): boolean => {
    const line = `${method} ${url}`;
    return down || (pattern?.test(line) ?? false);
  };
  const note = (method: string, url: string, status: number | string) =>
    log.push(`${method} ${url} ${status}`);

  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    if (refused(method, url)) {
      note(method, url, 503);
      req.resume();
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'injected outage' }));
      return;
    }
    const forwarded = http.request(
      { socketPath: upstream, method, path: url, headers: req.headers },
      (answer) => {
        note(method, url, answer.statusCode ?? 0);
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', (error) => {
      note(method, url, `error ${error.message}`);
      res.destroy(error);
    });
    req.pipe(forwarded);
  });

  // Hijacked exec streams (`Connection: Upgrade`): replay the request on a raw connection
  // and splice the two sockets, keeping half-closes as they are unless told to cut.
  server.on('upgrade', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    if (refused(method, url)) {
      note(method, url, 503);
      const body = JSON.stringify({ message: 'injected outage' });
      client.end(
        `HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
      );
      return;
    }
    note(method, url, 'upgrade');
    const raw = net.connect({ path: upstream, allowHalfOpen: true });
    sockets.add(raw);
    raw.once('close', () => sockets.delete(raw));
    const headers: string[] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      headers.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    }
    raw.write(`${method} ${url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
    if (head.length > 0) raw.write(head);
    raw.pipe(client);
    client.pipe(raw);
    client.once('end', () => {
      if (cut) client.end();
    });
    raw.on('error', () => client.destroy());
    client.on('error', () => raw.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });

  return {
    socketPath,
    log,
    down: () => {
      down = true;
    },
    up: () => {
      down = false;
    },
    failWhen: (next) => {
      pattern = next;
    },
    cutHalfClosedStreams: (on) => {
      cut = on;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(socketPath, { force: true });
    },
  };
}
