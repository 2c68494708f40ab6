/**
 * End to end: the HTML report of runs written through the real run store, rendered by the
 * real CLI, opened in Debian's Chromium. UX review §6 checks 1 (structure, filter, sort, no
 * console errors, no requests but the file), 5 (answer positions), 7 (compare) and 14
 * (headline and differing pots). The report's full-page screenshot is kept beside the run
 * (the path is printed) for a person to look at.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsInput } from '../src/metrics/types.ts';
import { attempt, planOf, writeRun } from './report-helpers.ts';
import { inProcessCli } from './support/in-process-cli.ts';
import { firstPickRun, LIMIT_EXPLANATION, managerTasks } from './support/position-bias-run.ts';

const CHROMIUM = '/usr/bin/chromium';
/** Kept after the run (and cleared before the next) so the screenshot can be looked at. */
const WORK = join(tmpdir(), 'swelancer-test-artifacts', 'report-html');
const RUN = join(WORK, 'runs', 'after');
const BEFORE = join(WORK, 'runs', 'before');
const TASKS = managerTasks(16);
const ATTEMPTS = 6;
/** Tasks gold attempted: fewer than `first`, so the two headline pots differ. */
const GOLD_TASKS = TASKS.slice(0, 12);

let browser: Browser;

/** `first` picks the first proposal shown; gold always picks the right one, shown anywhere. */
function afterRun(): MetricsInput {
  const first = firstPickRun(TASKS, 'first', ATTEMPTS);
  const gold = GOLD_TASKS.map((t, i) =>
    attempt(t, 'gold', 0, 'passed', {
      key: `gold-${t.id}`,
      details: { presentedOrder: [0, 1, 2], selectedProposalId: i % 3, correctProposalId: i % 3 },
    }),
  );
  return {
    tasks: TASKS,
    plans: [...first.plans, ...gold.map(planOf)],
    results: [...first.results, ...gold],
  };
}

interface Opened {
  page: Page;
  errors: string[];
  requests: string[];
}

async function open(file: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, ...options });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) requests.push(request.url());
  });
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  return { page, errors, requests };
}

async function report(...args: string[]): Promise<void> {
  const result = await inProcessCli(WORK, ['report', ...args]);
  expect(result.stderr).toContain('report written to');
  expect(result.code).toBe(0);
}

const dollars = (text: string) => Number(text.replace(/[$,]/g, ''));

beforeAll(async () => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  writeRun(RUN, afterRun());
  writeRun(BEFORE, firstPickRun(TASKS, 'first', ATTEMPTS, undefined, 99));
  browser = await chromium.launch({ executablePath: CHROMIUM });
  await report(RUN, '--format', 'html', '--out', join(RUN, 'report.html'));
  await report(RUN, '--compare', BEFORE, '--format', 'html', '--out', join(RUN, 'compare.html'));
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('the report index', () => {
  /** One page for the checks that only read it (no click, no filter). */
  let untouched: Opened;
  beforeAll(async () => {
    untouched = await open(join(RUN, 'report.html'));
  });
  afterAll(async () => {
    await untouched.page.close();
  });

  it('loads with no console error and no request but the file, and keeps a screenshot', async () => {
    const { page, errors, requests } = untouched;
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.locator('#tasks > tbody').count()).toBe(TASKS.length);
    expect(await page.locator('#shown').textContent()).toBe(
      `${TASKS.length} of ${TASKS.length} tasks · 0 attempt rows`,
    );
    const shot = join(RUN, 'screenshots', 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`report screenshot: ${shot}`);
  });

  it('expands to every attempt, with status, dollars, explanation and its page', async () => {
    const { page } = await open(join(RUN, 'report.html'));
    await page.click('#expand-all');
    const rows = page.locator('tr.attempt');
    expect(await rows.count()).toBe(TASKS.length * ATTEMPTS + GOLD_TASKS.length);
    const gold = rows.filter({ hasText: 'gold' }).first();
    expect(await gold.locator('.st').textContent()).toBe('passed');
    expect(await gold.textContent()).toContain('earned $250');
    expect(await gold.locator('.why').textContent()).toBe('passed on 1000-manager-0');
    expect(await gold.locator('a').getAttribute('href')).toBe('attempts/gold-1000-manager-0.html');
    await page.click('#collapse-all');
    expect(await rows.count()).toBe(0);
    await page.close();
  });

  it('filters by text, status, kind and agent, and sorts by price', async () => {
    const { page, errors } = await open(join(RUN, 'report.html'));
    await page.fill('#q', 'limit');
    const shown = page.locator('tbody:not([hidden]) tr.attempt');
    expect(await shown.count()).toBe(ATTEMPTS);
    expect(await shown.locator('.why').allTextContents()).toEqual(
      Array(ATTEMPTS).fill(LIMIT_EXPLANATION),
    );
    await page.fill('#q', '');
    await page.selectOption('#f-status', 'passed');
    await page.selectOption('#f-agent', 'gold');
    expect(await shown.count()).toBe(GOLD_TASKS.length);
    expect(new Set(await shown.locator('.st').allTextContents())).toEqual(new Set(['passed']));
    // Only the chosen agent's column stays.
    expect(await page.locator('#tasks thead th.ag:visible').allTextContents()).toEqual(['gold']);
    await page.selectOption('#f-status', '');
    await page.selectOption('#f-category', 'UI/UX');
    expect(await page.locator('#tasks > tbody:not([hidden])').count()).toBe(
      TASKS.filter((t) => t.categories.includes('ui_ux')).length,
    );
    await page.selectOption('#f-category', '');
    await page.selectOption('#f-agent', '');

    await page.click('button[data-sort=price]');
    const prices = (
      await page.locator('#tasks > tbody tr.task td:nth-child(5)').allTextContents()
    ).map(dollars);
    expect(prices[0]).toBe(32_000);
    expect(prices).toEqual([...prices].sort((a, b) => b - a));
    expect(await page.locator('th[aria-sort=descending]').textContent()).toBe('price');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is usable by keyboard', async () => {
    const { page } = await open(join(RUN, 'report.html'));
    await page.keyboard.press('/');
    await page.keyboard.type('limit');
    expect(await page.locator('tbody:not([hidden]) tr.attempt').count()).toBe(ATTEMPTS);
    // A task the search opened closes by hand too.
    await page.locator('.expand[aria-expanded=true]').focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('tr.attempt').count()).toBe(0);
    await page.focus('#q');
    await page.keyboard.press('Escape');
    expect(await page.locator('tr.attempt').count()).toBe(0);
    const expand = page.locator('#t0 .expand');
    await expand.focus();
    await page.keyboard.press('Enter');
    expect(await expand.getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('#t0 tr.attempt').count()).toBe(ATTEMPTS + 1);
    await page.close();
  });

  it('reads without scripts: headline, caveats and charts', async () => {
    const { page } = await open(join(RUN, 'report.html'), { javaScriptEnabled: false });
    expect(await page.locator('.headline').count()).toBe(2);
    expect(await page.locator('.charts svg').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('#tasks > tbody').count()).toBe(TASKS.length);
    // Controls that need the script are not offered without it.
    expect(await page.locator('#filters').isVisible()).toBe(false);
    expect(await page.locator('.expand').first().isVisible()).toBe(false);
    await page.close();
  });

  it('leads with each agent earned $ of $ with its interval, and the common pot when pots differ', async () => {
    const { page } = untouched;
    const headlines = await page.locator('.headline').allTextContents();
    expect(headlines[0]).toMatch(
      /^first \(fake\) earned \$[\d,.]+ of \$[\d,]+ \[95% CI \$[\d,]+–\$[\d,]+\] \(\d+\.\d%\) · pass@1 /,
    );
    const goldPot = GOLD_TASKS.reduce((sum, t) => sum + t.price, 0);
    const goldPotText = `$${goldPot.toLocaleString('en-US')}`;
    expect(headlines[1]).toContain(`gold earned ${goldPotText} of ${goldPotText} [95% CI`);
    const caveats = await page.locator('#headline .caveat').allTextContents();
    const pot = caveats.find((line) => line.includes('scored different tasks'));
    expect(pot).toMatch(/^! agents scored different tasks, so the pots above differ; /);
    expect(pot).toContain(
      `on the ${GOLD_TASKS.length} task(s) every agent scored, worth ${goldPotText}: first $`,
    );
    expect(pot).toMatch(new RegExp(`, gold \\${goldPotText} \\(100\\.0%\\)$`));
  });

  it('draws an answer-position histogram per agent, with a caveat where one position passes 60%', async () => {
    const { page } = untouched;
    const figures = page.locator('.charts figure', { hasText: 'manager answer positions' });
    expect(await figures.locator('figcaption').allTextContents()).toEqual([
      `first: manager answer positions (${(TASKS.length - 1) * ATTEMPTS} answered)`,
      `gold: manager answer positions (${GOLD_TASKS.length} answered)`,
    ]);
    expect(await figures.nth(0).locator('svg').count()).toBe(1);
    expect(await figures.nth(0).locator('.caveat').textContent()).toBe(
      `! first picked the proposal shown 1st in 100% of ${(TASKS.length - 1) * ATTEMPTS} answered attempts`,
    );
    expect(await figures.nth(1).locator('.caveat').count()).toBe(0);
  });
});

describe('the compare report', () => {
  it('starts with the comparison and shows flipped tasks side by side, most expensive first', async () => {
    const { page, errors, requests } = await open(join(RUN, 'compare.html'));
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    const headings = await page.locator('h2, h3').allTextContents();
    expect(headings.slice(0, 2)).toEqual([
      'Comparison',
      'Paired comparison (A − B on common tasks)',
    ]);
    expect(headings[2]).toMatch(/^Where A did better/);
    expect(headings[3]).toMatch(/^Where B did better/);
    expect(headings[4]).toMatch(/^Flipped tasks side by side/);
    // The comparison comes before the headline.
    const order = await page.evaluate<string[]>(
      "[...document.querySelectorAll('section')].map((s) => s.id)",
    );
    expect(order.slice(0, 2)).toEqual(['comparison', 'headline']);
    expect(await page.locator('#comparison th', { hasText: 'McNemar p' }).count()).toBe(1);

    const rows = page.locator('table.side-by-side tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    const prices = (await rows.locator('td:nth-child(2)').allTextContents()).map(dollars);
    expect(prices).toEqual([...prices].sort((a, b) => b - a));
    for (const row of await rows.all()) {
      const sides = row.locator('td.side');
      expect(await sides.count()).toBe(2);
      // Each side lists its attempts at the task; only this run's link to attempt pages.
      expect(await sides.nth(0).locator('.st').count()).toBeGreaterThan(0);
      expect(await sides.nth(1).locator('.st').count()).toBeGreaterThan(0);
      expect(await sides.nth(0).locator('a').count()).toBeGreaterThan(0);
      expect(await sides.nth(1).locator('a').count()).toBe(0);
    }
    await page.close();
  });
});
