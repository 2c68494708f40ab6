/**
 * An image sandbox (a container of an image with its own system, as the official images
 * are): files move through the API's archive endpoints, byte for byte; a folder or nothing is
 * "no file", a link is read through; commands run as root in the image's working folder,
 * through the shell the spec names for command lines; the network can be cut.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSandboxFileNotFound } from '../src/sandbox/file-errors.ts';
import { openSandboxProvider } from '../src/sandbox/registry.ts';
import type { ImageSandbox } from '../src/sandbox/types.ts';
import { requireStandin, standinDocker, standinImage } from './support/official-standin.ts';

const usable = await requireStandin(standinDocker());

describe.skipIf(!usable)('image sandbox', () => {
  let sandbox: ImageSandbox;
  let host: string;
  beforeAll(async () => {
    host = await mkdtemp(path.join(tmpdir(), 'swl-image-sandbox-'));
    const provider = await openSandboxProvider('container');
    if (!provider.createFromImage) throw new Error('the container provider makes image sandboxes');
    sandbox = await provider.createFromImage({
      label: 'image-sandbox-test',
      image: standinImage('monolith'),
      env: { EVAL_VARIANT: 'swe_manager' },
      network: 'bridge',
      shell: ['bash', '-c'],
      limits: { wallTimeMs: 30_000, maxOutputBytes: 1024 ** 2 },
    });
  }, 60_000);
  afterAll(async () => {
    await sandbox?.dispose();
    await rm(host, { recursive: true, force: true });
  });

  it('runs as root in the image working folder, command lines through the given shell', async () => {
    expect(sandbox.workdir).toBe('/app/expensify');
    const who = await sandbox.exec('echo "$(id -u) $(pwd) $0"');
    expect(who).toMatchObject({ exitCode: 0, stdout: '0 /app/expensify bash\n' });
  });

  it('moves bytes in and out exactly; a folder or nothing is no file; a link is read through', async () => {
    const bytes = new Uint8Array([0, 255, 10, 13, 128, 66]);
    await sandbox.writeFile('new/folder/data.bin', bytes);
    expect(await sandbox.readFile('/app/expensify/new/folder/data.bin')).toEqual(bytes);
    await sandbox.exec(['ln', '-s', 'folder/data.bin', 'new/link.bin']);
    expect(await sandbox.readFile('new/link.bin')).toEqual(bytes);
    for (const missing of ['new/folder', 'nothing-here.txt']) {
      const error = await sandbox.readFile(missing).catch((e: unknown) => e);
      expect(isSandboxFileNotFound(error)).toBe(true);
    }
    await writeFile(path.join(host, 'in.txt'), 'copied in\n');
    await sandbox.copyIn(path.join(host, 'in.txt'), '/tmp/in/renamed.txt');
    expect((await sandbox.exec(['cat', '/tmp/in/renamed.txt'])).stdout).toBe('copied in\n');
    await sandbox.copyOut('new', path.join(host, 'out'));
    expect(new Uint8Array(await readFile(path.join(host, 'out', 'folder', 'data.bin')))).toEqual(
      bytes,
    );
  });

  it('cuts its network: loopback only', async () => {
    await sandbox.cutNetwork();
    const links = await sandbox.exec(['ls', '/sys/class/net']);
    expect(links.stdout.trim().split('\n')).toEqual(['lo']);
  });
});
