/**
 * `swelancer run --categories <file>`: the paper's categories reach the run's tasks, so
 * `report --by category` breaks the dollars down by them; `--resume` keeps the mapping.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { managerCsv } from './run-helpers.ts';
import { inProcessCli } from './support/in-process-cli.ts';

const work = mkdtempSync(join(tmpdir(), 'swl-categories-run-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('labels tasks from the mapping file and reports by category', async () => {
  writeFileSync(
    join(work, 'tasks.csv'),
    managerCsv([
      { id: '1-manager-0', price: 1000, proposals: 2, correct: 0 },
      { id: '2-manager-0', price: 4000, proposals: 2, correct: 1 },
    ]),
  );
  writeFileSync(
    join(work, 'categories.csv'),
    'question_id,category,nature\n1-manager-0,UI/UX,Bug Fixes\n2-manager-0,server_side_logic,new_feature\n',
  );
  const run = await inProcessCli(work, [
    'run',
    'tasks.csv',
    '--agent',
    'gold',
    '--categories',
    'categories.csv',
    '--json',
  ]);
  expect(run.code, run.stderr).toBe(0);
  const { runDir } = JSON.parse(run.stdout) as { runDir: string };
  const report = await inProcessCli(work, [
    'report',
    runDir,
    '--by',
    'category',
    '--format',
    'markdown',
  ]);
  expect(report.stdout).toMatch(/\| UI\/UX \| gold \| 1 \| \$1,000/);
  expect(report.stdout).toMatch(/\| Server-side logic \| gold \| 1 \| \$4,000/);
  const resumed = await inProcessCli(work, ['run', '--resume', runDir, '--json']);
  expect(resumed.code, resumed.stderr).toBe(0);
});
