import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describeProblem, InfraError, InputError } from '../errors.ts';
import type { Codebase } from '../task/types.ts';
import { sha256 } from '../util/hash.ts';
import { canonicalJson } from '../util/json.ts';
import type { Logger } from '../util/logger.ts';

export interface DependencyCacheOptions {
  /** Root of the harness cache; dependencies live in `<cacheDir>/deps/<key>/node_modules`. */
  cacheDir: string;
  logger: Logger;
  /** Upper bound on one install. @default 600000 (10 minutes) */
  installTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface InstalledDependencies {
  key: string;
  /** Host path of the installed `node_modules`, to be mounted read-only into sandboxes. */
  nodeModules: string;
  /** True when this call ran the install (false: it was already cached). */
  installed: boolean;
}

/**
 * The cache key: the install command plus the name and content of every lockfile. Two
 * codebases (or two tasks) with the same lockfiles share one install.
 */
export async function dependencyKey(codebase: Codebase): Promise<string> {
  const files: [string, string][] = [];
  for (const name of codebase.lockfiles) {
    const file = path.join(codebase.dir, name);
    const content = await readFile(file).catch((cause: unknown) => {
      throw new InputError(
        'SUITE_INVALID',
        describeProblem({
          file,
          field: 'lockfiles',
          expected: `a lockfile of codebase "${codebase.name}" that exists`,
          found: 'no such file',
        }),
        { cause },
      );
    });
    files.push([name, sha256(content)]);
  }
  return sha256(canonicalJson({ install: codebase.install, files })).slice(0, 32);
}

/**
 * Installs a codebase's dependencies once per lockfile hash. The install runs in a private
 * temporary folder and is renamed into place when complete, so a crash or a concurrent
 * attempt never sees a half-installed tree; if two processes race, the first rename wins and
 * the other discards its copy.
 *
 * The install command comes from the suite manifest (trusted input) and runs on the host,
 * where the package registry is reachable; sandboxes only ever see the result, read-only.
 */
export async function ensureDependencies(
  codebase: Codebase,
  options: DependencyCacheOptions,
): Promise<InstalledDependencies> {
  const key = await dependencyKey(codebase);
  // Attempts in flight in this process share one install of a key (the first attempts of a
  // run all start at once); a second process racing still ends well (rename below).
  const flightKey = `${options.cacheDir}\0${key}`;
  const inFlight = installsInFlight.get(flightKey);
  if (inFlight) return { ...(await inFlight), installed: false };
  const install = installOnce(codebase, key, options);
  installsInFlight.set(flightKey, install);
  try {
    return await install;
  } finally {
    installsInFlight.delete(flightKey);
  }
}

const installsInFlight = new Map<string, Promise<InstalledDependencies>>();

async function installOnce(
  codebase: Codebase,
  key: string,
  options: DependencyCacheOptions,
): Promise<InstalledDependencies> {
  const root = path.join(options.cacheDir, 'deps');
  const final = path.join(root, key);
  const nodeModules = path.join(final, 'node_modules');
  if (await exists(nodeModules)) return { key, nodeModules, installed: false };

  const temp = path.join(root, `.tmp-${key}-${randomBytes(4).toString('hex')}`);
  await mkdir(temp, { recursive: true });
  try {
    for (const name of codebase.lockfiles) {
      const target = path.join(temp, name);
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(path.join(codebase.dir, name), target);
    }
    options.logger.info(`installing dependencies of ${codebase.name} (${key.slice(0, 12)})`);
    const started = performance.now();
    const result = await execa(codebase.install, {
      shell: true,
      cwd: temp,
      reject: false,
      all: true,
      timeout: options.installTimeoutMs ?? 600_000,
      killDescendants: true,
      cancelSignal: options.signal,
      env: { CI: '1', npm_config_update_notifier: 'false' },
    });
    if (result.exitCode !== 0) {
      throw new InfraError(
        `installing dependencies of codebase "${codebase.name}" failed (\`${codebase.install}\`, ` +
          `${result.timedOut ? 'timed out' : `exit ${result.exitCode}`}): ${tail(String(result.all ?? ''))}`,
      );
    }
    // A codebase without dependencies still gets a folder, so mounts are uniform.
    await mkdir(path.join(temp, 'node_modules'), { recursive: true });
    options.logger.debug(
      `installed ${codebase.name} dependencies in ${Math.round(performance.now() - started)} ms`,
    );
    try {
      await rename(temp, final);
    } catch (error) {
      if (!isAlreadyThere(error)) throw error;
    }
    return { key, nodeModules, installed: true };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

function isAlreadyThere(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EEXIST' || code === 'ENOTEMPTY';
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** The last lines of a command's output, for error messages. */
export function tail(text: string, maxChars = 1500): string {
  const trimmed = text.trim();
  return trimmed.length > maxChars ? `...${trimmed.slice(-maxChars)}` : trimmed;
}
