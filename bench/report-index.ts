/**
 * The HTML report's index at scale: size, time to `load` in Chromium, and the table's filter,
 * sort and expand, on runs written through the real run store. Baseline, measured in the same
 * run: a static page of the same task and attempt rows (status, $, explanation) with no
 * script and no charts, the least any page listing every attempt must cost.
 *
 *   node bench/report-index.ts [loads]
 *
 * Shapes: the official lite CSV's manager tasks × 20 attempts of a model that always picks
 * the first proposal shown (synthetic tasks of the same count when the CSV is absent), and
 * 300 tasks × 3 agents × 5 attempts. Prints a Markdown table (median of `loads` page loads).
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { buildRunReport } from '../src/metrics/run-report.ts';
import type { MetricsInput, RunReport } from '../src/metrics/types.ts';
import { renderHtml } from '../src/report/html.ts';
import { escapeHtml } from '../src/report/html-escape.ts';
import { readRunForReport } from '../src/report/read-run.ts';
import { taskRecord } from '../src/runner/run.ts';
import type { TaskRecord } from '../src/store/types.ts';
import { loadSwelancerCsv } from '../src/task/swelancer-csv.ts';
import { writeRun } from '../test/report-helpers.ts';
import { LITE_CSV } from '../test/support/official-data.ts';
import { firstPickRun, managerTasks } from '../test/support/position-bias-run.ts';

const LOADS = Number(process.argv[2] ?? '5');
const CHROMIUM = process.env.SWELANCER_CHROMIUM ?? '/usr/bin/chromium';
const FAKE = 'openai-compatible:fake@http://127.0.0.1:18931/v1';

async function liteManagerTasks(): Promise<{ tasks: TaskRecord[]; source: string }> {
  if (!existsSync(LITE_CSV)) return { tasks: managerTasks(113), source: 'synthetic' };
  const suite = await loadSwelancerCsv(LITE_CSV);
  const tasks = suite.tasks.filter((task) => task.kind === 'swe_manager').map(taskRecord);
  return { tasks, source: 'lite CSV' };
}

function threeAgents(): MetricsInput {
  const tasks = managerTasks(300);
  const runs = ['gold', 'random', 'first'].map((agent, i) =>
    firstPickRun(tasks, agent, 5, undefined, i + 1),
  );
  return {
    tasks,
    plans: runs.flatMap((run) => run.plans),
    results: runs.flatMap((run) => run.results),
  };
}

/** Every row the index can show, all drawn up front, with no script or chart. */
function staticPage(report: RunReport): string {
  const rows = report.tasks.map((task) => {
    const attempts = report.attempts
      .filter((row) => row.taskId === task.id)
      .map(
        (row) =>
          `<tr><td></td><td>${escapeHtml(row.agent)} #${row.attemptIndex}</td><td>${row.status}</td>` +
          `<td>$${row.earnedUsd}</td><td>${escapeHtml(row.explanation)}</td></tr>`,
      );
    return `<tr><td>${escapeHtml(task.id)}</td><td colspan="3">${escapeHtml(task.title)}</td><td>$${task.priceUsd}</td></tr>${attempts.join('')}`;
  });
  return `<!doctype html><html><head><meta charset="utf-8"><title>static</title></head><body><table>${rows.join('\n')}</table></body></html>`;
}

interface PageMeasure {
  bytes: number;
  loadMs: number;
  errors: number;
  requests: number;
}

async function measureLoads(page: Page, file: string): Promise<PageMeasure> {
  let errors = 0;
  let requests = 0;
  page.on('console', (message) => {
    if (message.type() === 'error') errors += 1;
  });
  page.on('pageerror', () => {
    errors += 1;
  });
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) requests += 1;
  });
  const times: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    times.push(await page.evaluate<number>(LOAD_EVENT_START));
  }
  page.removeAllListeners();
  return { bytes: statSync(file).size, loadMs: median(times), errors, requests };
}

/** When the page's load event started, in ms since navigation began (page-side code). */
const LOAD_EVENT_START = "performance.getEntriesByType('navigation')[0].loadEventStart";

/**
 * Milliseconds from a change to the table being redrawn: the page's handlers are synchronous,
 * so timing the dispatch times the redraw. Page-side code, kept as text (no DOM types here).
 */
const INTERACTIONS = `(() => {
  const q = document.getElementById('q');
  const timed = (act) => { const start = performance.now(); act(); return performance.now() - start; };
  const visible = () => document.querySelectorAll('tbody:not([hidden]) tr.attempt').length;
  const search = (text) => { q.value = text; q.dispatchEvent(new Event('input', { bubbles: true })); };
  const filter = timed(() => search('limit'));
  const limitRows = visible();
  search('');
  const sort = timed(() => document.querySelector('button[data-sort=price]').click());
  const first = document.querySelector('tbody:not([hidden]) td.id').textContent;
  const expand = timed(() => document.getElementById('expand-all').click());
  return {
    'filter \`limit\`': filter.toFixed(1) + ' ms, ' + limitRows + ' rows',
    'sort by price': sort.toFixed(1) + ' ms, first ' + first,
    'expand all': expand.toFixed(1) + ' ms, ' + visible() + ' rows',
  };
})()`;

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

const dir = mkdtempSync(join(tmpdir(), 'swelancer-report-index-'));
const browser = await chromium.launch({ executablePath: CHROMIUM });
try {
  const lite = await liteManagerTasks();
  const shapes: [string, MetricsInput][] = [
    [
      `${lite.tasks.length} manager tasks (${lite.source}) × 20 attempts, 1 agent`,
      firstPickRun(lite.tasks, FAKE, 20),
    ],
    ['300 tasks × 3 agents × 5 attempts', threeAgents()],
  ];
  process.stdout.write(
    `Chromium ${browser.version()}, Node ${process.versions.node}, median of ${LOADS} loads\n\n`,
  );
  process.stdout.write(
    '| run | attempts | page | size | load ms | × baseline load | console errors | non-file requests |\n',
  );
  process.stdout.write('|---|---:|---|---:|---:|---:|---:|---:|\n');
  const notes: string[] = [];
  for (const [i, [name, input]] of shapes.entries()) {
    const runDir = join(dir, `run-${i}`);
    writeRun(runDir, input);
    const read = readRunForReport(runDir);
    const report = buildRunReport(read.input, { name: runDir, manifest: read.manifest });
    const renderStart = performance.now();
    const html = await renderHtml(report);
    const renderMs = performance.now() - renderStart;
    const indexFile = join(runDir, 'report.html');
    const baselineFile = join(runDir, 'static.html');
    writeFileSync(indexFile, html);
    writeFileSync(baselineFile, staticPage(report));
    const page = await browser.newPage();
    const baseline = await measureLoads(page, baselineFile);
    const index = await measureLoads(page, indexFile);
    const actions = await page.evaluate<Record<string, string>>(INTERACTIONS);
    await page.close();
    const row = (label: string, m: PageMeasure) =>
      `| ${name} | ${report.attempts.length} | ${label} | ${(m.bytes / 1024).toFixed(0)} KB | ${m.loadMs.toFixed(0)} | ${(m.loadMs / baseline.loadMs).toFixed(2)} | ${m.errors} | ${m.requests} |\n`;
    process.stdout.write(row('static rows, no script (baseline)', baseline));
    process.stdout.write(row('report index', index));
    notes.push(
      `${name}: render ${renderMs.toFixed(0)} ms; ${Object.entries(actions)
        .map(([what, result]) => `${what} ${result}`)
        .join('; ')}`,
    );
  }
  process.stdout.write(`\n${notes.map((note) => `- ${note}`).join('\n')}\n`);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
