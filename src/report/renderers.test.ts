import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { attempt, planOf, runOf, task } from '../../test/report-helpers.ts';
import { buildRunReport } from '../metrics/run-report.ts';
import type { RunReport } from '../metrics/types.ts';
import { renderReport } from './index.ts';

const A = task('A', 1000);
const B = task('B', 3000, {
  kind: 'swe_manager',
  categories: ['ui_ux'],
  title: 'Fix <b>bold</b> | pipes, commas',
});
const Q = task('Q', 700, { tags: ['quarantined'] });

function report(): RunReport {
  const run = runOf(
    [A, B, Q],
    [
      attempt(A, 'gold', 0, 'passed'),
      attempt(B, 'gold', 0, 'passed'),
      attempt(Q, 'gold', 0, 'passed'),
      attempt(A, 'llm', 0, 'passed', { model: 'm', explanation: 'all tests passed,\n"really"' }),
      attempt(B, 'llm', 0, 'failed', { model: 'm' }),
      attempt(B, 'llm', 1, 'infra_error', { model: 'm' }),
    ],
  );
  run.plans.push(planOf(attempt(A, 'llm', 1, 'failed')));
  const manifest = {
    suite: { name: 'demo', version: '2.0.0' },
    skipped: [
      { kind: 'ic_swe', reason: 'needs the official image', taskIds: ['X', 'Y'], usd: 900 },
    ],
  };
  return buildRunReport(run, { name: 'runs/demo', manifest, seed: 2 });
}

describe('terminal', () => {
  const text = renderReport(report(), 'terminal');
  const lines = text.split('\n');

  it('leads with the run and one headline per agent', () => {
    expect(lines[0]).toBe(
      'swelancer report · runs/demo · suite demo 2.0.0 · 2 agent(s) · 2 task(s) · incomplete (1 pending)',
    );
    expect(lines[1]).toBe(
      'gold earned $4,000 of $4,000 [95% CI $4,000–$4,000] (100.0%) · pass@1 100.0% [95% CI 100.0–100.0%]',
    );
    expect(lines[2]).toMatch(
      /^llm \(m\) earned \$1,000 of \$4,000 \[95% CI \$0–\$\d[\d,]*\] \(25\.0%\) · pass@1 50\.0% \[95% CI 0\.0–100\.0%\]$/,
    );
  });

  it('says what is left out of the scores', () => {
    expect(text).toContain(
      '! 2 task(s) worth $900 selected but not attempted: needs the official image',
    );
    expect(text).toContain('! run incomplete: 1 planned attempt(s) have no result yet');
    expect(text).toContain('! llm: $1,500 in infra errors (1 attempt(s) on 1 task(s))');
    expect(text).toContain('! 1 quarantined task(s) worth $700 excluded from scores');
  });

  it('aligns numeric columns to the right', () => {
    const header = lines.findIndex((line) => line.startsWith('agent  tasks'));
    const [gold, llm] = [lines[header + 1] ?? '', lines[header + 2] ?? ''];
    expect(gold.indexOf('$4,000')).toBeGreaterThan(0);
    // Same width rows: right-aligned numbers end in the same column.
    expect(gold.indexOf('100.0%') + 6).toBe(llm.indexOf(' 25.0%') + 6);
  });

  it('uses colour only when asked', () => {
    expect(text).not.toContain('\u001b[');
    expect(renderReport(report(), 'terminal', { color: true })).toContain('\u001b[');
  });

  it('lists disagreements and the costliest misses', () => {
    expect(text).toContain('Tasks where agents disagree');
    expect(text).toMatch(
      /Where llm lost money[\s\S]*B\s+Fix <b>bold<\/b> \| pipes, commas\s+\$3,000\s+\$3,000/,
    );
  });
});

describe('markdown', () => {
  const text = renderReport(report(), 'markdown');

  it('has bold headlines and GFM tables with right-aligned numbers', () => {
    expect(text).toContain(
      '- **gold earned $4,000 of $4,000 \\[95% CI $4,000–$4,000\\] (100.0%) · pass@1 100.0% \\[95% CI 100.0–100.0%\\]**',
    );
    expect(text).toContain(
      '| agent | tasks | attempts | earned | available | earn rate | earn rate 95% CI | earned 95% CI |',
    );
    expect(text).toContain('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  });

  it('escapes titles so they cannot break a table', () => {
    expect(text).toContain('Fix \\<b\\>bold\\</b\\> \\| pipes, commas');
  });
});

describe('csv', () => {
  it('writes one row per attempt that parses back, quotes included', () => {
    const rows = parse(renderReport(report(), 'csv'), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(6);
    const passed = rows.find((row) => row.key === 'llm:A:0');
    expect(passed).toMatchObject({
      title: 'Task A',
      price_usd: '1000',
      price_bucket: '1000-1999',
      status: 'passed',
      model: 'm',
      explanation: 'all tests passed,\n"really"',
      quarantined: 'false',
    });
    expect(rows.find((row) => row.key === 'llm:B:0')?.title).toBe(
      'Fix <b>bold</b> | pipes, commas',
    );
    expect(rows.find((row) => row.task_id === 'Q')?.quarantined).toBe('true');
  });

  it('writes one row per agent and group in summary mode', () => {
    const rows = parse(renderReport(report(), 'csv', { csv: 'summary' }), {
      columns: true,
    }) as Record<string, string>[];
    const all = rows.filter((row) => row.dimension === 'all');
    expect(all.map((row) => [row.agent, row.earned_usd, row.available_usd])).toEqual([
      ['gold', '4000', '4000'],
      ['llm', '1000', '4000'],
    ]);
    expect(all[0]?.pass1_ci_low).toBe('1');
    const kinds = rows.filter((row) => row.agent === 'llm' && row.dimension === 'kind');
    expect(kinds.map((row) => [row.group, row.earn_rate])).toEqual([
      ['ic_swe', '1'],
      ['swe_manager', '0'],
    ]);
  });
});

describe('html', () => {
  let page = '';
  beforeAll(async () => {
    page = await renderReport(report(), 'html');
  });

  it('is one self-contained page', () => {
    expect(page).toMatch(/^<!doctype html>/);
    // Inline scripts only (the table's), and no address but the SVG namespaces.
    expect(page).not.toMatch(/<script[^>]* src|<link|<img|url\(|https?:\/\/(?!www\.w3\.org\/)/);
  });

  it('escapes task titles', () => {
    expect(page).toContain('Fix &lt;b&gt;bold&lt;/b&gt; | pipes, commas');
    expect(page).not.toContain('<b>bold</b>');
  });

  it('draws the charts as inline SVG, one colour per agent', () => {
    const chart = page.slice(page.indexOf('aria-label="Earnings by category'));
    expect(chart).toMatch(/^aria-label="Earnings by category[^"]*"><svg /);
    const svg = chart.slice(0, chart.indexOf('</svg>'));
    expect(svg).toContain('>gold</text>');
    expect(svg).toContain('>llm</text>');
  });
});

describe('json and empty runs', () => {
  it('prints the report unchanged', () => {
    const original = report();
    expect(JSON.parse(renderReport(original, 'json'))).toEqual(original);
  });

  it('says there is nothing to report yet', async () => {
    const empty = buildRunReport({
      tasks: [A],
      plans: [planOf(attempt(A, 'x', 0, 'passed'))],
      results: [],
    });
    for (const format of ['terminal', 'markdown', 'html'] as const) {
      expect(await renderReport(empty, format)).toContain('No attempt has a result yet');
    }
  });
});

describe('attempts in flight', () => {
  const row = {
    key: 'llm:B:2',
    taskId: 'B',
    agent: 'llm',
    attemptIndex: 2,
    stage: 'agent',
    startedAt: '2026-11-23T10:02:00.000Z',
    updatedAt: '2026-11-23T10:02:05.120Z',
    stale: false,
  };
  const run = runOf([A, B], [attempt(A, 'llm', 0, 'passed')]);
  run.plans.push(planOf(attempt(B, 'llm', 2, 'failed')));

  it('lists them with their stage and times, before the scores', () => {
    const text = renderReport(
      buildRunReport(run, { name: 'runs/live', inFlight: [row] }),
      'terminal',
    );
    expect(text).toMatch(
      /In flight\n1 attempt\(s\) started and not finished yet; times in UTC\.\ntask +agent +# +stage +started +in stage since\nB +llm +2 +agent +2026-11-23 10:02:00 +2026-11-23 10:02:05\n/,
    );
    expect(text.indexOf('In flight')).toBeLessThan(text.indexOf('Earnings'));
    expect(text).not.toContain('stale');
  });

  it("adds the agent's steps and spend when its agent reports them", () => {
    const other = { ...row, key: 'gold:A:1', taskId: 'A', agent: 'gold', attemptIndex: 1 };
    const rows = [{ ...row, steps: 14, spendUsd: 0.4213 }, other];
    const text = renderReport(
      buildRunReport(run, { name: 'runs/live', inFlight: rows }),
      'terminal',
    );
    expect(text).toMatch(/in stage since +steps +spent\nB +llm +2 +agent .* 14 +\$0\.42\n/);
    const unpriced = [{ ...row, steps: 3, spendUsd: null }];
    expect(
      renderReport(buildRunReport(run, { name: 'runs/live', inFlight: unpriced }), 'markdown'),
    ).toMatch(/\| 3 \| \? \|/);
  });

  it('marks them stale, with a caveat, once no runner holds the run', async () => {
    const stale = buildRunReport(run, { name: 'runs/dead', inFlight: [{ ...row, stale: true }] });
    const text = renderReport(stale, 'terminal');
    expect(text.replace(/\n {2}/g, ' ')).toContain(
      '! 1 attempt(s) noted in flight are stale: no runner holds runs/dead any more (killed?); ' +
        '`swelancer run --resume runs/dead` runs them again',
    );
    expect(text).toMatch(/\nB +llm +2 +agent \(stale\) /);
    expect(renderReport(stale, 'markdown')).toContain('| B | llm | 2 | agent (stale) |');
    expect(await renderReport(stale, 'html')).toContain('<td>agent (stale)</td>');
  });

  it('shows them before any attempt has a result', async () => {
    const empty = buildRunReport(
      { tasks: [B], plans: [planOf(attempt(B, 'llm', 2, 'failed'))], results: [] },
      { inFlight: [row] },
    );
    for (const format of ['terminal', 'markdown', 'html'] as const) {
      const text = await renderReport(empty, format);
      expect(text).toContain('No attempt has a result yet');
      expect(text).toContain('In flight');
    }
  });
});
