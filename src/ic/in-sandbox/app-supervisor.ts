/**
 * Runs inside an IC grading sandbox, on the app's side, for tasks whose hidden tests restart
 * the app (`restartable` in task.json). It serves the codebase (`sh -c <serve>`) and answers
 * `POST /restart` on 127.0.0.1:<control port>, body `{"env": {...}}`: it stops the app
 * (SIGTERM to its process group, SIGKILL after 10 s), starts it again with those variables
 * added to its first environment, and answers 200 once `readyPath` answers 2xx/3xx (503 if
 * not within 60 s). When the app exits on its own, this exits with its code, as the app would,
 * so the grading run reads it as the app's exit.
 *
 *   node app-supervisor.ts <serve command> <port> <readyPath> <control port>
 *
 * It runs as the app's uid, next to code under test that could stop or imitate it: that only
 * changes what the tests see of the app, which the app decides anyway.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

const [serve = '', port = '', readyPath = '/', controlPort = ''] = process.argv.slice(2);
let app: ChildProcess | undefined;
let restarting = false;

function start(extra: Record<string, string>): void {
  const child = spawn('sh', ['-c', serve], {
    stdio: 'inherit',
    detached: true,
    env: { ...process.env, ...extra },
  });
  child.on('exit', (code, signal) => {
    if (app === child && !restarting) process.exit(code ?? (signal ? 128 : 1));
  });
  app = child;
}

function signalGroup(group: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-group, signal);
    return true;
  } catch {
    return false; // No process left in the group.
  }
}

function signalApp(signal: NodeJS.Signals): void {
  if (app?.pid !== undefined) signalGroup(app.pid, signal);
}

/**
 * Stops every process of the app's group, not only the shell that started it: a server still
 * shutting down (closing its connections) would answer for the new one, which then could not
 * take the port.
 */
async function stop(): Promise<void> {
  const group = app?.pid;
  if (group === undefined) return;
  signalGroup(group, 'SIGTERM');
  const kill = setTimeout(() => signalGroup(group, 'SIGKILL'), 10_000);
  while (signalGroup(group, 0)) await sleep(50);
  clearTimeout(kill);
}

async function ready(deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}${readyPath}`);
      if (response.status < 400) return true;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  return false;
}

async function readEnv(body: AsyncIterable<Buffer>): Promise<Record<string, string>> {
  let text = '';
  for await (const chunk of body) text += chunk;
  const parsed = JSON.parse(text || '{}') as { env?: Record<string, unknown> };
  return Object.fromEntries(
    Object.entries(parsed.env ?? {}).map(([name, value]) => [name, String(value)]),
  );
}

const control = createServer(async (req, res) => {
  if (req.method !== 'POST' || req.url !== '/restart') {
    res.writeHead(404).end('POST /restart {"env": {...}}\n');
    return;
  }
  let env: Record<string, string>;
  try {
    env = await readEnv(req);
  } catch (error) {
    res.writeHead(400).end(`the body must be {"env": {...}}: ${error}\n`);
    return;
  }
  restarting = true;
  await stop();
  start(env);
  restarting = false;
  const answered = await ready(Date.now() + 60_000);
  res.writeHead(answered ? 200 : 503).end(answered ? 'restarted\n' : 'not ready in 60 s\n');
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    signalApp(signal);
    process.exit(0);
  });
}
control.listen(Number(controlPort), '127.0.0.1', () => start({}));
