/**
 * Files of a container whose filesystem is the image's own (nothing bind-mounted from the
 * host), moved through the Docker Engine API's archive endpoints as tar streams that the
 * host's `tar` packs and unpacks. Paths are absolute inside the container, or relative to
 * its working folder.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { SandboxFileNotFoundError } from '../file-errors.ts';

export class ContainerArchiveFiles {
  readonly #container: Docker.Container;
  readonly #workdir: string;
  /** Makes a folder (and its parents) inside the container. */
  readonly #mkdir: (folder: string) => Promise<void>;

  constructor(
    container: Docker.Container,
    workdir: string,
    mkdirInside: (folder: string) => Promise<void>,
  ) {
    this.#container = container;
    this.#workdir = workdir;
    this.#mkdir = mkdirInside;
  }

  readFile(file: string): Promise<Uint8Array> {
    return this.#read(file, 0);
  }

  async #read(file: string, hops: number): Promise<Uint8Array> {
    const archive = await readAll(await this.#get(file));
    const entry = firstEntry(archive);
    if (entry.type === 'link' && hops < 8) {
      // The archive holds the link itself: read what it points at, as reading a file does.
      const target = path.posix.resolve(path.posix.dirname(this.#absolute(file)), entry.linkName);
      return this.#read(target, hops + 1);
    }
    if (entry.type !== 'file') throw new SandboxFileNotFoundError(file);
    const { stdout, code, stderr } = await hostTar(['-xOf', '-'], archive);
    if (code !== 0) throw new Error(`tar could not read ${file} from the archive: ${stderr}`);
    return new Uint8Array(stdout);
  }

  async writeFile(file: string, data: string | Uint8Array): Promise<void> {
    await this.#withScratch(async (scratch) => {
      const name = path.posix.basename(this.#absolute(file));
      await writeFile(path.join(scratch, name), data);
      await this.#put(scratch, name, file);
    });
  }

  async copyIn(hostPath: string, sandboxPath: string): Promise<void> {
    await this.#withScratch(async (scratch) => {
      const name = path.posix.basename(this.#absolute(sandboxPath));
      // Under the name it takes inside; links are copied as links, never followed.
      await runHost('cp', ['-a', '--', hostPath, path.join(scratch, name)]);
      await this.#put(scratch, name, sandboxPath);
    });
  }

  async copyOut(sandboxPath: string, hostPath: string): Promise<void> {
    const archive = await this.#get(sandboxPath);
    const parent = path.dirname(path.resolve(hostPath));
    await mkdir(parent, { recursive: true });
    const scratch = await mkdtemp(path.join(parent, '.swelancer-copy-'));
    try {
      const { code, stderr } = await hostTar(
        ['-xf', '-', '--no-same-owner', '-C', scratch],
        archive,
      );
      if (code !== 0) throw new Error(`tar could not unpack ${sandboxPath}: ${stderr}`);
      await rm(hostPath, { recursive: true, force: true });
      await rename(path.join(scratch, path.posix.basename(this.#absolute(sandboxPath))), hostPath);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  #absolute(file: string): string {
    return path.posix.resolve(this.#workdir, file);
  }

  async #get(file: string): Promise<Readable> {
    try {
      return (await this.#container.getArchive({ path: this.#absolute(file) })) as Readable;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) {
        throw new SandboxFileNotFoundError(file, { cause: error });
      }
      throw error;
    }
  }

  /** Puts `scratch/name` at `target` inside, making its folder first. */
  async #put(scratch: string, name: string, target: string): Promise<void> {
    const folder = path.posix.dirname(this.#absolute(target));
    await this.#mkdir(folder);
    const packed = await hostTar(['-cf', '-', '-C', scratch, '--', name]);
    if (packed.code !== 0) throw new Error(`tar could not pack ${name}: ${packed.stderr}`);
    await this.#container.putArchive(packed.stdout, { path: folder });
  }

  async #withScratch<T>(use: (scratch: string) => Promise<T>): Promise<T> {
    const scratch = await mkdtemp(path.join(tmpdir(), 'swelancer-archive-'));
    try {
      return await use(scratch);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
}

/** The type of a tar archive's first entry (past pax headers), and a link's target. */
function firstEntry(archive: Buffer): { type: 'file' | 'link' | 'other'; linkName: string } {
  for (let offset = 0; offset + 512 <= archive.length; ) {
    const flag = String.fromCharCode(archive[offset + 156] ?? 0);
    if (flag === 'x' || flag === 'g') {
      const size = Number.parseInt(
        archive
          .subarray(offset + 124, offset + 136)
          .toString('latin1')
          .trim() || '0',
        8,
      );
      offset += 512 + Math.ceil(size / 512) * 512;
      continue;
    }
    const linkName = archive
      .subarray(offset + 157, offset + 257)
      .toString('utf8')
      .replace(/\0.*$/s, '');
    if (flag === '0' || flag === '\0') return { type: 'file', linkName };
    if (flag === '2') return { type: 'link', linkName };
    return { type: 'other', linkName };
  }
  return { type: 'other', linkName: '' };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The host's `tar` with `input` (a stream or bytes) on stdin; its whole stdout. */
function hostTar(
  args: readonly string[],
  input?: Readable | Buffer,
): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('tar', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.stdin.on('error', () => {});
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString('utf8').trim(),
      }),
    );
    if (Buffer.isBuffer(input)) {
      child.stdin.end(input);
    } else if (input) {
      input.once('error', (error) => {
        child.kill();
        reject(error);
      });
      input.pipe(child.stdin);
    } else {
      child.stdin.end();
    }
  });
}

async function runHost(file: string, args: readonly string[]): Promise<void> {
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      const err: Buffer[] = [];
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.once('error', reject);
      child.once('close', (exit) => resolve({ code: exit, stderr: Buffer.concat(err).toString() }));
    },
  );
  if (code !== 0) throw new Error(`${file} ${args.join(' ')} exited ${code}: ${stderr.trim()}`);
}
