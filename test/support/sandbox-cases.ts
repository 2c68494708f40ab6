// Behaviour every sandbox provider must have, run once per provider by
// test/sandbox-<provider>.test.ts.
import { execFileSync, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { openSandboxProvider } from '../../src/sandbox/index.ts';
import type {
  Sandbox,
  SandboxLimits,
  SandboxProvider,
  WorkspaceSpec,
} from '../../src/sandbox/types.ts';
import { DEFAULT_LIMITS } from '../../src/sandbox/types.ts';
import { execWithServer } from '../../src/sandbox/with-server.ts';

const PROJECT = path.resolve(fileURLToPath(import.meta.url), '../../..');
const NODE_MODULES = path.join(PROJECT, 'node_modules');

export interface ProviderUnderTest {
  name: string;
  /** Extra provider options (socket, image…); rootDir is set by the cases. */
  options?: Record<string, unknown>;
  /** Where the sandbox's workspace lives on the host, to check it is removed. */
  hostWorkspace(sandbox: Sandbox): string;
}

/** Host processes whose command line contains `marker` (sandboxed ones included). */
export function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'latin1');
      if (cmdline.includes(marker)) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

async function waitFor(check: () => boolean | Promise<boolean>, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

const marker = () => `${300 + randomInt(600)}.${randomInt(1_000_000)}`;

export function defineSandboxCases(under: ProviderUnderTest): void {
  describe(`sandbox provider "${under.name}"`, () => {
    let root: string;
    let sourceDir: string;
    let secretDir: string;
    let provider: SandboxProvider;
    const live: Sandbox[] = [];

    const create = async (
      limits: Partial<SandboxLimits> = {},
      extra: Partial<WorkspaceSpec> = {},
    ) => {
      const sandbox = await provider.create({
        label: 'case',
        sourceDir,
        network: 'loopback',
        limits: { ...DEFAULT_LIMITS, wallTimeMs: 30_000, ...limits },
        ...extra,
      });
      live.push(sandbox);
      return sandbox;
    };

    beforeAll(async () => {
      root = await mkdtemp(`/tmp/swl-${under.name}-`);
      await chmod(root, 0o711); // sandbox users must traverse it to reach their workspace
      sourceDir = path.join(root, 'source');
      secretDir = await mkdtemp('/tmp/swl-secret-');
      await writeFile(path.join(secretDir, 'hidden.spec.ts'), 'THE-HIDDEN-TEST\n');
      await mkdir(path.join(sourceDir, 'src'), { recursive: true });
      await writeFile(path.join(sourceDir, 'src', 'app.js'), 'export const answer = 41;\n');
      await writeFile(path.join(sourceDir, 'README.md'), '# fixture\n');
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
          cwd: sourceDir,
        });
      git('init', '-q');
      git('add', '-A');
      git('commit', '-qm', 'baseline');
      provider = await openSandboxProvider(under.name, {
        ...under.options,
        rootDir: path.join(root, 'sandboxes'),
      });
    });

    afterEach(async () => {
      await Promise.all(live.splice(0).map((sandbox) => sandbox.dispose()));
    });

    afterAll(async () => {
      await rm(root, { recursive: true, force: true });
      await rm(secretDir, { recursive: true, force: true });
    });

    it('returns exit code, stdout and stderr as data, also for a failing command', async () => {
      const sandbox = await create();
      const result = await sandbox.exec('echo out; echo err >&2; exit 3');
      expect(result).toMatchObject({
        exitCode: 3,
        stdout: 'out\n',
        stderr: 'err\n',
        timedOut: false,
        truncated: false,
      });
      expect(result.durationMs).toBeGreaterThanOrEqual(0);
      const argv = await sandbox.exec(['printf', '%s|', 'a b', 'c'], {
        cwd: 'src',
        env: { GREETING: 'hi' },
      });
      expect(argv.stdout).toBe('a b|c|');
      const more = await sandbox.exec('pwd; echo $GREETING; cat', {
        cwd: 'src',
        env: { GREETING: 'hi' },
        stdin: 'from stdin',
      });
      expect(more.stdout).toBe(`${sandbox.workdir}/src\nhi\nfrom stdin`);
    });

    it('gives a real git repository with the source content', async () => {
      const sandbox = await create();
      const result = await sandbox.exec(
        'git log --format=%s && git status --porcelain && cat src/app.js',
      );
      expect(result.stdout).toBe('baseline\nexport const answer = 41;\n');
      await sandbox.exec("sed -i 's/41/42/' src/app.js");
      const diff = await sandbox.exec('git diff --stat');
      expect(diff.stdout).toContain('src/app.js | 2 +-');
    });

    it('kills the whole process tree on timeout', async () => {
      const sandbox = await create();
      const tag = marker();
      const result = await sandbox.exec(`(sleep ${tag} &) ; sleep ${tag}; echo never`, {
        timeoutMs: 1500,
      });
      expect(result).toMatchObject({ timedOut: true, exitCode: null });
      expect(result.stdout).not.toContain('never');
      expect(await waitFor(() => processesWith(`sleep\0${tag}`).length === 0)).toBe(true);
    });

    it('caps collected output and says so, without killing the command', async () => {
      const sandbox = await create();
      const result = await sandbox.exec("head -c 300000 /dev/zero | tr '\\0' a; echo done >&2", {
        maxOutputBytes: 1000,
      });
      expect(result.stdout).toBe('a'.repeat(1000));
      expect(result.stderr).toBe('done\n');
      expect(result).toMatchObject({ truncated: true, exitCode: 0 });
    });

    it('reads, writes and copies files in and out', async () => {
      const sandbox = await create();
      await sandbox.writeFile('notes/a.txt', 'written by the harness\n');
      expect((await sandbox.exec('cat notes/a.txt && echo more >> notes/a.txt')).exitCode).toBe(0);
      expect(Buffer.from(await sandbox.readFile('notes/a.txt')).toString()).toBe(
        'written by the harness\nmore\n',
      );
      expect(
        Buffer.from(await sandbox.readFile(`${sandbox.workdir}/src/app.js`)).toString(),
      ).toContain('41');

      const hostDir = await mkdtemp(path.join(root, 'copy-'));
      await mkdir(path.join(hostDir, 'in', 'deep'), { recursive: true });
      await writeFile(path.join(hostDir, 'in', 'deep', 'b.txt'), 'copied in');
      await sandbox.copyIn(path.join(hostDir, 'in'), 'incoming');
      expect(
        (await sandbox.exec('cat incoming/deep/b.txt && echo x > incoming/deep/c.txt')).stdout,
      ).toBe('copied in');
      await sandbox.copyOut('incoming', path.join(hostDir, 'out'));
      expect(await readFile(path.join(hostDir, 'out', 'deep', 'c.txt'), 'utf8')).toBe('x\n');

      await expect(sandbox.readFile('../../etc/hostname')).rejects.toBeInstanceOf(InputError);
      await expect(sandbox.writeFile('/etc/evil', 'x')).rejects.toBeInstanceOf(InputError);
      await sandbox.exec(`ln -s ${secretDir}/hidden.spec.ts leak && ln -s /etc leakdir`);
      await expect(sandbox.readFile('leak')).rejects.toThrow();
      await expect(sandbox.writeFile('leakdir/evil', 'x')).rejects.toThrow();
      expect(existsSync('/etc/evil')).toBe(false);
    });

    it('hides the host: other folders, the project, host /tmp; writes stay inside', async () => {
      const sandbox = await create();
      const look = await sandbox.exec(
        `cat ${secretDir}/hidden.spec.ts; cat ${PROJECT}/package.json; ls /root; cat /etc/shadow; ls /tmp | grep -v '^home$'`,
      );
      expect(look.stdout).not.toContain('THE-HIDDEN-TEST');
      expect(look.stdout).not.toContain('"name": "swelancer"');
      expect(look.stdout.trim()).toBe('');
      const write = await sandbox.exec(
        'for f in /usr/x /etc/x /x /opt/x; do (echo x > $f) 2>/dev/null && echo "wrote $f"; done; echo inside > /tmp/private-marker; echo ok',
      );
      expect(write.stdout).toBe('ok\n');
      expect(existsSync('/tmp/private-marker')).toBe(false);
      expect((await sandbox.exec('id -u')).stdout.trim()).not.toBe('0');
    });

    it('has a private loopback and no way out', async () => {
      const hostServer = net.createServer((socket) => socket.end('host-secret'));
      await new Promise<void>((resolve) => hostServer.listen(0, '0.0.0.0', resolve));
      const port = (hostServer.address() as net.AddressInfo).port;
      try {
        const hostIp =
          Object.values(os.networkInterfaces())
            .flat()
            .find((address) => address?.family === 'IPv4' && !address.internal)?.address ??
          '10.0.2.2';
        const sandbox = await create();
        const out = await sandbox.exec(
          `for h in 127.0.0.1 ${hostIp} 1.1.1.1; do timeout 3 bash -c "exec 3<>/dev/tcp/$h/${port} && cat <&3" && echo "reached $h"; done; echo end`,
        );
        expect(out.stdout).toBe('end\n');
        const served = await sandbox.exec(
          `node -e "require('http').createServer((q,s)=>s.end('pong')).listen(8123,'127.0.0.1',()=>require('http').get('http://127.0.0.1:8123',r=>r.on('data',d=>{console.log(String(d));process.exit(0)})))"`,
        );
        expect(served.stdout).toBe('pong\n');
      } finally {
        hostServer.close();
      }
    });

    it('contains a fork bomb with the process limit, and the harness survives', async () => {
      const sandbox = await create({ maxProcesses: 64 });
      const spawnMany = await sandbox.exec(
        'for i in $(seq 1 150); do sleep 2 >/dev/null & done 2>&1 | tail -1; echo started',
        { timeoutMs: 10_000 },
      );
      expect(spawnMany.stdout + spawnMany.stderr).toMatch(/fork: /);
      const bomb = await sandbox.exec('b() { b | b & }; b; sleep 2', { timeoutMs: 4000 });
      expect(bomb.durationMs).toBeLessThan(20_000);
      expect((await sandbox.exec('echo alive')).stdout).toBe('alive\n');
      expect(execFileSync('echo', ['host alive']).toString()).toBe('host alive\n');
    });

    it('enforces the memory limit', async () => {
      const sandbox = await create({ memoryBytes: 256 * 1024 ** 2 });
      const result = await sandbox.exec(
        `node -e "const a=[]; for(;;) a.push(Buffer.alloc(16*1024*1024, 1))"`,
        { timeoutMs: 20_000 },
      );
      expect(result.timedOut).toBe(false);
      expect(result.exitCode).toBe(137); // SIGKILL from the out-of-memory killer
      const fine = await sandbox.exec(`node -e "Buffer.alloc(64*1024*1024, 1); console.log('ok')"`);
      expect(fine.stdout).toBe('ok\n');
    });

    it('reports a workspace over its disk limit', async () => {
      const sandbox = await create({ diskBytes: 8 * 1024 ** 2 });
      const big = await sandbox.exec('head -c 20M /dev/zero > big; echo $?');
      expect(big.stdout).not.toBe('0\n'); // one file cannot pass the limit
      const many = await sandbox.exec('for i in 1 2 3; do head -c 5M /dev/zero > f$i; done');
      expect(many.stderr).toMatch(/over its limit of 8388608 bytes/);
    });

    it('dispose kills running commands and removes the workspace', async () => {
      const sandbox = await create();
      const tag = marker();
      const running = sandbox.exec(`sleep ${tag} & sleep ${tag}`);
      expect(await waitFor(() => processesWith(`sleep\0${tag}`).length === 2)).toBe(true);
      const workspace = under.hostWorkspace(sandbox);
      expect(existsSync(workspace)).toBe(true);
      await sandbox.dispose();
      await sandbox.dispose(); // idempotent
      const result = await running;
      expect(result.exitCode).not.toBe(0);
      expect(await waitFor(() => processesWith(`sleep\0${tag}`).length === 0)).toBe(true);
      expect(existsSync(workspace)).toBe(false);
    });

    it('cleanupLeftovers removes what a killed harness left', async () => {
      const tag = marker();
      const rootDir = path.join(root, 'sandboxes');
      const child = spawn(
        process.execPath,
        [path.join(PROJECT, 'test/support/sandbox-orphan.ts'), under.name, rootDir, sourceDir, tag],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
          env: {
            ...process.env,
            ...(under.options?.dockerSocket
              ? { DOCKER_HOST: `unix://${under.options.dockerSocket}` }
              : {}),
          },
        },
      );
      const ready = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (data: Buffer) => resolve(String(data)));
        child.once('exit', (code) => reject(new Error(`orphan harness exited with ${code}`)));
      });
      expect(ready).toMatch(/^ready /);
      const before = (await readdir(rootDir)).filter((name) => name.startsWith('sb-'));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      expect(await provider.cleanupLeftovers()).toBeGreaterThanOrEqual(1);
      const after = (await readdir(rootDir)).filter((name) => name.startsWith('sb-'));
      expect(after.length).toBeLessThan(before.length);
      expect(await waitFor(() => processesWith(`sleep\0${tag}`).length === 0)).toBe(true);
    });

    it('runs Chromium against a node server on loopback in one exec', {
      timeout: 180_000,
    }, async () => {
      const sandbox = await create(
        {},
        { mounts: [{ hostPath: NODE_MODULES, sandboxPath: 'node_modules' }] },
      );
      await sandbox.writeFile(
        'server.mjs',
        `import http from 'node:http';
http.createServer((req, res) => {
  res.setHeader('content-type', 'text/html');
  res.end('<button onclick="this.textContent=\\'clicked \\'+(6*7)">go</button>');
}).listen(4173, '127.0.0.1');`,
      );
      await sandbox.writeFile(
        'browse.mjs',
        `import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const page = await browser.newPage();
await page.goto('http://127.0.0.1:4173/');
await page.getByRole('button').click();
console.log('page says: ' + await page.getByRole('button').textContent());
await browser.close();`,
      );
      const result = await execWithServer(
        sandbox,
        { serve: 'node server.mjs', port: 4173, test: 'node browse.mjs' },
        { timeoutMs: 150_000 },
      );
      expect(result.stdout).toContain('page says: clicked 42');
      expect(result.exitCode).toBe(0);
    });

    it('execPair: the server and the runner share a loopback, not a uid or the runner folder; the runner reads the workspace', async () => {
      await chmod(secretDir, 0o755);
      const sandbox = await create(
        {},
        { runner: { mounts: [{ hostPath: secretDir, sandboxPath: 'secret' }] } },
      );
      // The server tries to read the runner's mount and folder, then answers on loopback.
      const server = [
        'id -u > server-uid.txt',
        'echo APP-DATA > app-data.txt',
        '(cat /opt/swelancer/runner/secret/hidden.spec.ts; ls /opt/swelancer/runner) > server-saw.txt 2>&1',
        `exec node -e "require('http').createServer((q,s)=>s.end('pong')).listen(4174,'127.0.0.1')"`,
      ].join('; ');
      const client = [
        'id -u',
        'cat secret/hidden.spec.ts',
        'until (exec 3<>/dev/tcp/127.0.0.1/4174) 2>/dev/null; do [ -e server-exited ] && exit 97; sleep 0.1; done',
        `node -e "fetch('http://127.0.0.1:4174').then(r=>r.text()).then(t=>console.log('server says '+t))"`,
        // Hidden tests may read what the app wrote (its database), never change it.
        'cat /workspace/app-data.txt',
        '(echo x > /workspace/runner-wrote.txt) 2>/dev/null && echo runner-wrote || echo runner-cannot-write',
        'echo report > report.json',
      ].join('; ');
      const result = await sandbox.execPair?.(
        { command: server },
        { command: client },
        { timeoutMs: 30_000 },
      );
      expect(result?.exitCode, result?.stderr).toBe(0);
      const [runnerUid] = (result?.stdout ?? '').split('\n');
      const serverUid = new TextDecoder().decode(await sandbox.readFile('server-uid.txt')).trim();
      expect(Number(runnerUid)).toBeGreaterThan(0);
      expect(runnerUid).not.toBe(serverUid);
      expect(result?.stdout).toContain('THE-HIDDEN-TEST');
      expect(result?.stdout).toContain('server says pong');
      expect(result?.stdout).toContain('APP-DATA');
      expect(result?.stdout).toContain('runner-cannot-write');
      const saw = new TextDecoder().decode(await sandbox.readFile('server-saw.txt'));
      expect(saw).not.toContain('THE-HIDDEN-TEST');
      expect(saw).toMatch(/Permission denied|No such file/);
      // The harness reads the runner's files by their sandbox path.
      const report = await sandbox.readFile('/opt/swelancer/runner/report.json');
      expect(new TextDecoder().decode(report)).toBe('report\n');
      // The server died with the client: a new exec finds the port closed.
      const after = await sandbox.exec(
        '(exec 3<>/dev/tcp/127.0.0.1/4174) 2>/dev/null && echo open || echo closed',
      );
      expect(after.stdout.trim()).toBe('closed');

      // A server that exits at once is reported to the client through the marker file.
      const early = await sandbox.execPair?.(
        { command: 'exit 3' },
        {
          command:
            'for _ in $(seq 100); do [ -e server-exited ] && exit 97; sleep 0.1; done; exit 98',
        },
        { timeoutMs: 30_000 },
      );
      expect(early?.exitCode).toBe(97);
    });

    it('execPair needs a sandbox created with a runner', async () => {
      const sandbox = await create();
      await expect(
        sandbox.execPair?.({ command: 'true' }, { command: 'true' }),
      ).rejects.toBeInstanceOf(InputError);
    });
  });
}
