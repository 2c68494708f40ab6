import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { InfraError } from '../../errors.ts';
import { HOST_NODE_MODULES, HOST_SCRIPTS_DIR } from '../../ic/layout.ts';
import type { IcRunnable } from '../../task/types.ts';
import { folderHash } from '../../util/folder-hash.ts';
import { parsePlaywrightReport } from './playwright-report.ts';

/**
 * The ids of a task's hidden tests, listed on the host with the same harness config
 * (`playwright test --list`, no browser). The grader requires the report from the sandbox
 * to contain exactly these tests, all passed, so code that deletes, skips or renames tests
 * while it runs cannot turn a failure into a pass. Cached per content of the tests folder.
 */
export async function listHiddenTests(ic: IcRunnable, cacheDir: string): Promise<string[]> {
  const key = await folderHash(ic.hiddenTestsDir);
  const file = path.join(cacheDir, 'test-lists', `${key}.json`);
  const cached = await readFile(file, 'utf8').catch(() => undefined);
  if (cached) return JSON.parse(cached) as string[];

  const out = path.join(cacheDir, 'test-lists', `.tmp-${key}-${process.pid}`);
  await mkdir(out, { recursive: true });
  const result = await execa(
    path.join(HOST_NODE_MODULES, 'node', 'bin', 'node'),
    [
      path.join(HOST_NODE_MODULES, '@playwright', 'test', 'cli.js'),
      'test',
      '-c',
      path.join(HOST_SCRIPTS_DIR, 'playwright.config.ts'),
      '--list',
      '--reporter=json',
    ],
    {
      reject: false,
      timeout: 60_000,
      env: {
        SWELANCER_TESTS_DIR: ic.hiddenTestsDir,
        SWELANCER_OUTPUT_DIR: path.join(out, 'results'),
        SWELANCER_REPORT_FILE: path.join(out, 'list.json'),
        SWELANCER_BASE_URL: 'http://127.0.0.1:1',
        // A suite outside the project has no node_modules above its tests: let their
        // `import '@playwright/test'` resolve to the harness's copy.
        NODE_PATH: HOST_NODE_MODULES,
      },
    },
  );
  const listed = await readFile(path.join(out, 'list.json'), 'utf8').catch(() => result.stdout);
  await rm(out, { recursive: true, force: true });
  const parsed = parsePlaywrightReport(String(listed));
  if (!parsed.ok || parsed.report.errors.length > 0 || parsed.report.total === 0) {
    const why = parsed.ok ? parsed.report.errors.join('; ') || 'no tests found' : parsed.reason;
    throw new InfraError(`cannot list the hidden tests in ${ic.hiddenTestsDir}: ${why}`);
  }
  const ids = parsed.report.tests.map((t) => t.id).sort();
  await writeFile(`${file}.tmp`, JSON.stringify(ids));
  await rename(`${file}.tmp`, file);
  return ids;
}
