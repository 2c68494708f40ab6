/** `--compare` and `--baseline` say what changed: first, with the flipped tasks and McNemar. */
import { describe, expect, it } from 'vitest';
import { attempt, runOf, task } from '../../test/report-helpers.ts';
import { buildRunReport } from '../metrics/run-report.ts';
import type { RunReport } from '../metrics/types.ts';
import type { AttemptStatus } from '../store/types.ts';
import { renderReport } from './index.ts';

const tasks = [
  task('cheap', 250),
  task('mid', 4000, { title: 'Fix the | pipe' }),
  task('dear', 16_000),
  task('same', 1000),
  task('lost', 8000),
];

function run(statuses: Record<string, AttemptStatus>) {
  return runOf(
    tasks,
    tasks.map((t) => attempt(t, 'llm', 0, statuses[t.id] ?? 'failed')),
  );
}

// New: gains cheap, mid and dear; loses lost. Old: passed lost and same.
const newer = run({ cheap: 'passed', mid: 'passed', dear: 'passed', same: 'passed' });
const older = run({ lost: 'passed', same: 'passed' });

function report(): RunReport {
  return buildRunReport(newer, {
    name: 'runs/new',
    seed: 1,
    resamples: 200,
    compare: { name: 'runs/old', input: older },
  });
}

describe('comparison', () => {
  const [comparison] = report().comparisons;

  it('lists the tasks that flipped each way, most expensive first, with McNemar p', () => {
    expect(comparison?.aBetterTasks.map((t) => [t.taskId, t.priceUsd])).toEqual([
      ['dear', 16_000],
      ['mid', 4000],
      ['cheap', 250],
    ]);
    expect(comparison?.bBetterTasks.map((t) => t.taskId)).toEqual(['lost']);
    expect(comparison?.bBetterTasks[0]).toMatchObject({ pass1A: 0, pass1B: 1 });
    // 3 vs 1 discordant: 2 · P(X ≤ 1), X ~ Bin(4, ½) = 2 · 5/16.
    expect(comparison?.mcnemarP).toBeCloseTo(0.625, 12);
  });

  it('puts the comparison first in the terminal, then the flipped tasks with their price', () => {
    const text = renderReport(report(), 'terminal');
    const lines = text.split('\n');
    expect(lines[2]).toBe('Paired comparison (A − B on common tasks)');
    expect(lines[3]).toMatch(/^A: runs\/new; B: runs\/old\./);
    expect(text).toMatch(/McNemar p\n.*llm +llm +5 +\+\$12,250 .* 3 +1 +0\.625\n/);
    expect(text).toMatch(
      /Where A did better \(llm over llm @ runs\/old\)\n3 task\(s\) worth \$20,250; most expensive first\.\n.*\ndear .*\$16,000 +100\.0% +0\.0%\nmid .*\$4,000/,
    );
    expect(text).toMatch(
      /Where B did better \(llm @ runs\/old over llm\)\n.*\n.*\nlost .*\$8,000 +0\.0% +100\.0%/,
    );
    expect(text.indexOf('Paired comparison')).toBeLessThan(text.indexOf('llm earned'));
  });

  it('says how many more flipped when only the top ones are shown', () => {
    const top = buildRunReport(newer, {
      top: 1,
      resamples: 50,
      compare: { name: 'runs/old', input: older },
    });
    expect(renderReport(top, 'terminal')).toContain(
      '3 task(s) worth $20,250; most expensive first; 1 shown, 2 more worth $4,250.',
    );
  });

  it('leads Markdown and HTML with the comparison too', async () => {
    const md = renderReport(report(), 'markdown');
    expect(md.indexOf('### Paired comparison')).toBeLessThan(md.indexOf('llm earned'));
    expect(md).toContain('| mid | Fix the \\| pipe | $4,000 | 100.0% | 0.0% |');
    const html = await renderReport(report(), 'html');
    expect(html.indexOf('Paired comparison')).toBeLessThan(html.indexOf('llm earned'));
    expect(html).toContain('<td>dear</td>');
  });

  it('says so in one line when nothing flipped one way', () => {
    const none = buildRunReport(newer, {
      resamples: 50,
      compare: { name: 'runs/same', input: newer },
    });
    const text = renderReport(none, 'terminal');
    expect(text).toContain('Where A did better (llm over llm @ runs/same): no task');
    expect(text).toMatch(/ 0 +0 +1\n/);
  });
});
