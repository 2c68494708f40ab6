import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { InfraError } from '../errors.ts';
import { DEFAULT_LIMITS, type SandboxLimits, type SandboxProvider } from '../sandbox/types.ts';
import type { IcRunnable } from '../task/types.ts';
import { folderHash } from '../util/folder-hash.ts';
import { sha256 } from '../util/hash.ts';
import type { Logger } from '../util/logger.ts';
import { completeIntoPlace, isComplete } from '../util/rename-into-place.ts';
import { NODE_COMPILE_CACHE_DIR, untagCompileCache } from './compile-cache.ts';
import { tail } from './deps-cache.ts';
import {
  HOST_NODE_MODULES,
  HOST_SCRIPTS_DIR,
  SANDBOX_HIDDEN_TESTS,
  SANDBOX_NODE,
  SANDBOX_NODE_MODULES,
  SANDBOX_SCRIPTS,
} from './layout.ts';

/**
 * Playwright caches its TypeScript transform of the config and the specs on disk and trusts
 * any entry whose self-declared hash matches, so whoever can write the cache decides what the
 * tests are. The cache is built here, in a sandbox where no app runs, at the exact paths
 * grading uses, and then mounted read-only in the test runner's private folder: every lookup
 * hits, nothing is written or compiled during grading (faster too), and the app, another
 * uid, can neither write nor read it (it holds the compiled hidden tests). Cached per hidden
 * tests + harness config.
 */
/** Changes when the folder's layout or modes change, so older caches are not reused. */
const CACHE_FORMAT = 3;

/**
 * Inside the prebuilt cache folder: Playwright's transform cache. Beside it, in
 * `NODE_COMPILE_CACHE_DIR`, Node's compile cache of Playwright's modules, under its tag alone
 * (compile-cache.ts): the runner then starts faster (measured in bench/RESULTS.md).
 */
export const TRANSFORM_DIR = 'transform';

export async function prepareTransformCache(
  ic: IcRunnable,
  options: { sandboxes: SandboxProvider; cacheDir: string; logger: Logger; limits?: SandboxLimits },
): Promise<string> {
  const config = await readFile(path.join(HOST_SCRIPTS_DIR, 'playwright.config.ts'));
  const versionOf = async (name: string) =>
    JSON.parse(await readFile(path.join(HOST_NODE_MODULES, name, 'package.json'), 'utf8'))
      .version as string;
  const versions = `${await versionOf('@playwright/test')} node ${await versionOf('node')}`;
  // Entries are keyed by the specs' paths in the sandbox, so the path is part of the key.
  const key = sha256(
    `${await folderHash(ic.hiddenTestsDir)}\n${sha256(config)}\n${versions}\n${SANDBOX_HIDDEN_TESTS}\n${CACHE_FORMAT}`,
  ).slice(0, 32);
  const final = path.join(options.cacheDir, 'transform', key);
  if (await isComplete(final)) return final;

  const empty = path.join(options.cacheDir, 'transform', '.empty');
  await mkdir(empty, { recursive: true });
  await chmod(empty, 0o755);
  const sandbox = await options.sandboxes.create({
    label: 'transform-cache',
    sourceDir: empty,
    mounts: [
      { hostPath: HOST_NODE_MODULES, sandboxPath: SANDBOX_NODE_MODULES },
      { hostPath: HOST_SCRIPTS_DIR, sandboxPath: SANDBOX_SCRIPTS },
      { hostPath: ic.hiddenTestsDir, sandboxPath: SANDBOX_HIDDEN_TESTS },
    ],
    network: 'none',
    limits: options.limits ?? DEFAULT_LIMITS,
  });
  const temp = `${final}.tmp-${process.pid}-${Date.now()}`;
  try {
    const work = sandbox.workdir;
    const result = await sandbox.exec(
      [
        SANDBOX_NODE,
        `${SANDBOX_NODE_MODULES}/@playwright/test/cli.js`,
        'test',
        '-c',
        `${SANDBOX_SCRIPTS}/playwright.config.ts`,
        '--list',
        '--reporter=json',
      ],
      {
        timeoutMs: 120_000,
        env: {
          PLAYWRIGHT_TRANSFORM_CACHE_DIR: `${work}/cache/${TRANSFORM_DIR}`,
          NODE_COMPILE_CACHE: `${work}/cache/${NODE_COMPILE_CACHE_DIR}`,
          SWELANCER_TESTS_DIR: SANDBOX_HIDDEN_TESTS,
          SWELANCER_OUTPUT_DIR: `${work}/out`,
          SWELANCER_REPORT_FILE: `${work}/out/list.json`,
          SWELANCER_BASE_URL: 'http://127.0.0.1:1',
        },
      },
    );
    if (result.exitCode !== 0) {
      throw new InfraError(
        `could not compile the hidden tests of ${ic.hiddenTestsDir}: ${tail(result.stderr, 600)}`,
      );
    }
    await sandbox.copyOut('cache', temp);
    // The runner's uid, not this sandbox's, reads both (untagging opens the compile cache).
    await untagCompileCache(path.join(temp, NODE_COMPILE_CACHE_DIR));
    await execa('chmod', ['-R', 'a+rX', path.join(temp, TRANSFORM_DIR)]);
    await completeIntoPlace(temp, final);
    return final;
  } finally {
    await rm(temp, { recursive: true, force: true });
    await sandbox.dispose().catch((error: unknown) => options.logger.warn(String(error)));
  }
}
