/**
 * Attempt pages end to end: real runs through the CLI (an IC task with noop and gold, a
 * manager task with random and gold, the built-in agent against the scripted model
 * server), `report --format html --out` from the repository root, and each page opened in
 * Debian's Chromium: the hidden tests with their errors, screenshots and trace (UX review
 * §6 checks 2 and 12), the diff (4), the trajectory (3), chosen vs correct (5).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../src/store/run-store.ts';
import type { AttemptResult } from '../src/store/types.ts';
import { REPO, tempDir } from './ic-helpers.ts';
import { managerCsv } from './run-helpers.ts';
import { type ScriptedProvider, startScriptedProvider } from './support/scripted-provider/index.ts';

/** The page's own globals, typed here without the DOM library. */
type InBrowser = { getComputedStyle(element: unknown): { backgroundColor: string } };
const NODE = join(REPO, 'node_modules', '.bin', 'node');
const BIN = join(REPO, 'bin', 'swelancer.js');
const KEY = 'sk-attempt-pages-test-0123456789';

let work: string;
let server: ScriptedProvider;
let browser: Browser;
const runs = { ic: '', manager: '', llm: '' };
/** Report folder per run: `<work>/reports/<run>/report.html` and its `attempts/`. */
const reports = { ic: '', manager: '', llm: '' };

function swelancer(args: string[], cwd: string, env: Record<string, string> = {}) {
  return execa(NODE, [BIN, ...args], { cwd, env, reject: false, timeout: 600_000 });
}

function resultsOf(runDir: string): AttemptResult[] {
  const store = openRunStore(runDir, { readonly: true });
  try {
    return store.results();
  } finally {
    store.close();
  }
}

function attempt(run: keyof typeof runs, agent: string): AttemptResult {
  const found = resultsOf(runs[run]).find((r) => r.agentLabel === agent);
  if (!found) throw new Error(`no ${agent} attempt in ${runs[run]}`);
  return found;
}

/** Writes the HTML report of a run from the repository root, as a user would. */
async function report(run: keyof typeof runs): Promise<void> {
  reports[run] = join(work, 'reports', run);
  mkdirSync(reports[run], { recursive: true });
  const out = join(reports[run], 'report.html');
  const result = await swelancer(['report', runs[run], '--format', 'html', '--out', out], REPO);
  expect(result.exitCode, result.stderr).toBe(0);
  expect(result.stderr).toContain(`attempt page(s) written to ${join(reports[run], 'attempts')}`);
}

/** Opens an attempt page; fails on console errors and on any request that is not a file. */
async function open(run: keyof typeof runs, key: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) problems.push(`request to ${request.url()}`);
  });
  await page.goto(pathToFileURL(join(reports[run], 'attempts', `${key}.html`)).href);
  await page.waitForLoadState('load');
  expect(problems).toEqual([]);
  return page;
}

/** The file a relative link on the page points to. */
async function linkedFile(page: Page, selector: string): Promise<string> {
  const href = await page.locator(selector).first().getAttribute('href');
  expect(href, selector).toBeTruthy();
  return fileURLToPath(new URL(href as string, page.url()));
}

/**
 * Runs `command` (the page's show-trace command) from the repository root, serving the
 * viewer on a free local port instead of opening a window, and returns the test title the
 * viewer shows once it has loaded the trace.
 */
async function openTrace(command: string): Promise<string> {
  const viewer = execa(`${command} --host 127.0.0.1 --port 0`, {
    cwd: REPO,
    shell: true,
    detached: true,
    reject: false,
  });
  try {
    const url = await new Promise<string>((found, fail) => {
      let output = '';
      viewer.stdout?.on('data', (chunk: Buffer) => {
        output += String(chunk);
        const match = /Listening on (http:\S+)/.exec(output);
        if (match?.[1]) found(match[1]);
      });
      void viewer.then((ended) => fail(new Error(`show-trace ended: ${ended.stderr}`)));
    });
    const tab = await browser.newPage();
    try {
      await tab.goto(url);
      const heading = tab.getByText('own-report.spec.ts:', { exact: false }).first();
      await heading.waitFor({ timeout: 60_000 });
      return (await heading.textContent()) ?? '';
    } finally {
      await tab.close();
    }
  } finally {
    // The shell, npx and the viewer share the process group the test started.
    if (viewer.pid !== undefined) process.kill(-viewer.pid, 'SIGTERM');
    await viewer.catch(() => undefined);
  }
}

beforeAll(async () => {
  work = await tempDir('attempt-pages');
  runs.ic = join(work, 'runs', 'ic');
  runs.manager = join(work, 'runs', 'manager');
  runs.llm = join(work, 'runs', 'llm');

  server = await startScriptedProvider({ apiKey: KEY });
  // gpt-4o: a wrong id first (a tool error), then the right proposal.
  server.script('gpt-4o', [
    {
      reply: {
        text: 'Proposal 99 looks best.',
        toolCalls: [{ name: 'select_proposal', arguments: { proposal_id: 99 } }],
        usage: { input: 1000, output: 40 },
      },
    },
    {
      reply: {
        text: 'Then proposal 1.',
        toolCalls: [{ name: 'select_proposal', arguments: { proposal_id: 1 } }],
        usage: { input: 1100, output: 30 },
      },
    },
  ]);
  // gpt-4o-mini only talks: with max_steps=2 it ends as a limit.
  server.script('gpt-4o-mini', () => ({
    reply: { text: 'Still reading the proposals.', usage: { input: 900, output: 20 } },
  }));
  writeFileSync(
    join(work, 'tasks.csv'),
    managerCsv([{ id: '4100-manager-0', price: 2000, proposals: 3, correct: 1 }]),
  );
  const llm = swelancer(
    [
      'run',
      'tasks.csv',
      '--model',
      'openai:gpt-4o',
      '--model',
      'openai:gpt-4o-mini?max_steps=2',
      '--run-dir',
      runs.llm,
    ],
    work,
    {
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: server.openaiBaseUrl,
      SWELANCER_MODEL_RETRY_BASE_MS: '1',
    },
  );
  const manager = swelancer(
    [
      'run',
      'suites/expensely',
      '--id',
      'approve-own-report-manager',
      '--agent',
      'random',
      '--agent',
      'gold',
      '--run-dir',
      runs.manager,
    ],
    REPO,
  );
  const ic = swelancer(
    [
      'run',
      'suites/expensely',
      '--id',
      'approve-own-report',
      '--agent',
      'noop',
      '--agent',
      'gold',
      '--run-dir',
      runs.ic,
    ],
    REPO,
  );
  for (const run of [await llm, await manager, await ic]) expect(run.exitCode, run.stderr).toBe(0);
  for (const run of Object.keys(runs) as (keyof typeof runs)[]) await report(run);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  // The screenshot stays for people (and CI artifacts) to look at.
  if (work) {
    for (const name of readdirSync(work)) {
      if (name !== 'screenshots') rmSync(join(work, name), { recursive: true, force: true });
    }
  }
});

describe('attempt pages', () => {
  it('IC: each failing hidden test with its assertion error, screenshot, trace and the logs (§6 checks 2, 12)', async () => {
    const noop = attempt('ic', 'noop');
    const page = await open('ic', noop.key);
    const failed = page.locator('li.test.failed');
    await expect.poll(() => failed.count()).toBe(2);
    const names = await failed.locator('.test-name').allTextContents();
    expect(names).toEqual([
      'own-report.spec.ts › an approver cannot approve or reject their own report, even by calling the API',
      'own-report.spec.ts › an admin cannot approve their own report, and still reviews everyone else',
    ]);
    for (const error of await failed.locator('pre.error').allTextContents()) {
      expect(error).toContain('toHaveCount');
      expect(error.split('\n').length).toBeLessThanOrEqual(20);
    }

    const shots = failed.locator('img.shot');
    expect(await shots.count()).toBe(2);
    for (const shot of await shots.all()) {
      await shot.scrollIntoViewIfNeeded();
      expect(await shot.getAttribute('src')).toMatch(/test-failed-1\.png$/);
      await expect
        .poll(() =>
          shot.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
        )
        .toBeGreaterThan(0);
    }

    const artifacts = join(runs.ic, 'artifacts', noop.key);
    expect(await linkedFile(page, 'a[href$="grade-output.txt"]')).toBe(
      join(artifacts, 'grade-output.txt'),
    );
    expect(await linkedFile(page, 'a[href$="agent.diff"]')).toBe(join(artifacts, 'agent.diff'));
    const trace = await linkedFile(page, 'li.test a[href$="trace.zip"]');
    expect(trace.startsWith(join(artifacts, 'grade'))).toBe(true);
    expect(readFileSync(trace).subarray(0, 2).toString()).toBe('PK');

    // The command shown opens that very file when run from the repository root.
    const command = (await page.locator('code.command').first().textContent()) ?? '';
    const [npx, playwright, showTrace, path] = command.split(' ');
    expect([npx, playwright, showTrace]).toEqual(['npx', 'playwright', 'show-trace']);
    expect(resolve(REPO, path ?? '')).toBe(trace);
    const title = await openTrace(command);
    expect(title).toContain(names[0]?.split(' › ')[1]);

    // The report wrote nothing into the run directory.
    expect(
      readdirSync(runs.ic).filter((name) => name.endsWith('.html') || name === 'attempts'),
    ).toEqual([]);

    const screenshot = join(work, 'screenshots', 'ic-attempt.png');
    mkdirSync(join(work, 'screenshots'), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`attempt page screenshot: ${screenshot}`);
    await page.close();
  });

  it("IC: the gold agent's diff with its files and coloured ± lines (§6 check 4)", async () => {
    const gold = attempt('ic', 'gold');
    const page = await open('ic', gold.key);
    const files = await page.locator('ul.diff-files code').allTextContents();
    expect(files).toEqual([
      'server/services/report-workflow.test.ts',
      'server/services/report-workflow.ts',
    ]);
    const added = page.locator('pre.diff span.add');
    const removed = page.locator('pre.diff span.del');
    expect(await added.count()).toBeGreaterThan(0);
    expect(await removed.count()).toBeGreaterThan(0);
    const colour = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate(
          (el) => (globalThis as unknown as InBrowser).getComputedStyle(el).backgroundColor,
        );
    expect(await colour('pre.diff span.add')).not.toBe(await colour('pre.diff span.del'));
    expect(await page.locator('li.test.passed').count()).toBe(2);
    await page.close();
  });

  it('manager: the chosen and the correct proposal side by side, with their texts (§6 check 5)', async () => {
    const random = attempt('manager', 'random');
    const details = random.details as { selectedProposalId: number; correctProposalId: number };
    const page = await open('manager', random.key);
    const chosen = page.locator('.side-by-side .proposal.chosen');
    const correct = page.locator('.side-by-side .proposal.correct');
    expect(await chosen.locator('h3').textContent()).toContain(
      `proposal ${details.selectedProposalId}`,
    );
    expect(await correct.locator('h3').textContent()).toContain(
      `proposal ${details.correctProposalId}`,
    );
    const [left, right] = [await chosen.boundingBox(), await correct.boundingBox()];
    expect(left && right && Math.abs(left.y - right.y) < 2 && left.x + left.width <= right.x).toBe(
      true,
    );
    const texts = [
      await chosen.locator('pre.proposal-text').textContent(),
      await correct.locator('pre.proposal-text').textContent(),
    ];
    expect(texts.every((text) => (text ?? '').length > 50)).toBe(true);
    if (details.selectedProposalId !== details.correctProposalId)
      expect(texts[0]).not.toBe(texts[1]);
    expect(await page.locator('#issue pre').textContent()).toContain('own');
    mkdirSync(join(work, 'screenshots'), { recursive: true });
    await page.screenshot({
      path: join(work, 'screenshots', 'manager-attempt.png'),
      fullPage: true,
    });
    await page.close();
  });

  it('built-in agent: one row per trajectory step, and a limit attempt says why (§6 check 3)', async () => {
    mkdirSync(join(work, 'screenshots'), { recursive: true });
    for (const [agent, reason] of [
      ['openai:gpt-4o', undefined],
      ['openai:gpt-4o-mini?max_steps=2', 'steps'],
    ] as const) {
      const result = attempt('llm', agent);
      const trajectory = JSON.parse(
        readFileSync(join(runs.llm, result.artifacts['trajectory.json'] ?? ''), 'utf8'),
      ) as { steps: unknown[]; outcome: { status: string; reason: string | null } };
      const page = await open('llm', result.key);
      expect(await page.locator('table.steps tr.step').count()).toBe(trajectory.steps.length);
      expect(trajectory.steps.length).toBe(2);
      if (reason) {
        expect(result.status).toBe('limit');
        expect(trajectory.outcome.reason).toContain(reason);
        expect(await page.locator('.outcome .reason').textContent()).toBe(
          trajectory.outcome.reason,
        );
      } else {
        const results = await page.locator('pre.tool-result').allTextContents();
        expect(results).toHaveLength(2);
        expect(await page.locator('pre.tool-error').count()).toBe(1);
        expect(await page.locator('.proposal.chosen h3').textContent()).toContain('proposal 1');
      }
      expect(await page.locator('a[href$="trajectory.json"]').count()).toBeGreaterThan(0);
      expect(existsSync(await linkedFile(page, 'a[href$="trajectory.json"]'))).toBe(true);
      if (reason)
        await page.screenshot({
          path: join(work, 'screenshots', 'limit-attempt.png'),
          fullPage: true,
        });
      await page.close();
    }
  });

  it('without --out, says on stderr that attempt pages need it', async () => {
    const result = await swelancer(['report', runs.manager, '--format', 'html'], REPO);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('<!doctype html>');
    expect(result.stderr).toContain('attempt pages');
    expect(result.stderr).toContain('--out');
  });
});
