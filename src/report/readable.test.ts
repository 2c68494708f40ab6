/**
 * The terminal report stays readable at scale: 120 columns whatever the labels, one line
 * for sections with nothing to say, three pass@k points, whole-dollar intervals, and the
 * manager answer-position caveat.
 */
import { describe, expect, it } from 'vitest';
import { attempt, runOf, task } from '../../test/report-helpers.ts';
import { buildRunReport } from '../metrics/run-report.ts';
import type { RunReport } from '../metrics/types.ts';
import type { AttemptResult } from '../store/types.ts';
import { renderReport } from './index.ts';
import { textTable } from './table.ts';
import { wrapText } from './wrap.ts';

const LONG = 'openai-compatible:fake@http://127.0.0.1:18931/v1';
const CATEGORIES = ['application_logic', 'ui_ux', 'server_side_logic', 'system_quality'] as const;
const tasks = Array.from({ length: 24 }, (_, i) =>
  task(`${6000 + i}-manager-0`, 250 * (1 + i), {
    kind: 'swe_manager',
    categories: [CATEGORIES[i % 4] ?? 'ui_ux'],
    tags: ['swelancer-lite', 'expensely', ...(i % 3 === 0 ? ['diamond'] : [])],
    title: `A long title ${i} that keeps going about the bug, the fix and the reviewers' comments on it`,
  }),
);

/** 20 attempts per task, always picking the proposal shown first. */
function firstPicker(agent: string): AttemptResult[] {
  return tasks.flatMap((t, i) =>
    Array.from({ length: 20 }, (_, k) =>
      attempt(t, agent, k, i % 4 === 0 ? 'passed' : 'failed', {
        model: 'openai-compatible:fake',
        details: { presentedOrder: [0, 1, 2, 3], selectedProposalId: 0, correctProposalId: i % 4 },
      }),
    ),
  );
}

function gold(): AttemptResult[] {
  return tasks.map((t, i) =>
    attempt(t, 'gold', 0, 'passed', {
      details: {
        presentedOrder: [0, 1, 2, 3],
        selectedProposalId: i % 4,
        correctProposalId: i % 4,
      },
    }),
  );
}

function report(): RunReport {
  return buildRunReport(runOf(tasks, [...firstPicker(LONG), ...gold()]), {
    name: 'runs/fake-20',
    seed: 3,
    resamples: 200,
  });
}

describe('the terminal report at scale', () => {
  const text = renderReport(report(), 'terminal');
  const lines = text.split('\n');

  it('fits 120 columns and names a long label once, in a legend', () => {
    expect(lines.filter((line) => line.length > 120)).toEqual([]);
    expect(text.split(LONG)).toHaveLength(2);
    expect(text).toContain(`A = ${LONG} (openai-compatible:fake)`);
    expect(lines[1]).toMatch(/^A earned \$/);
    expect(text).toMatch(/\nA +24 +480 /);
  });

  it('takes one line for sections with nothing to say', () => {
    expect(text).toContain('\nNot scored: nothing (no infra errors, no quarantined tasks)\n');
    expect(text).toContain('\nCost: $0 spent by every agent\n');
    expect(text).toContain('\nBy kind: every scored task is SWE Manager\n');
    expect(text).not.toContain('infra attempts');
  });

  it('shows pass@k at k = 1, a middle k and the largest', () => {
    const row = lines.find((line) => /^A +25\.0%/.test(line));
    expect(row).toMatch(/pass@1 25\.0% · pass@4 \d+\.\d% · pass@20 \d+\.\d%$/);
    expect(text).not.toContain('pass@2 ');
  });

  it('gives dollar intervals in whole dollars', () => {
    const earnings = lines.slice(lines.indexOf('Earnings'));
    expect(earnings[2]).toContain('earned 95% CI');
    expect(earnings[3]).toMatch(/\$[\d,]+–\$[\d,]+$/);
    expect(text).not.toMatch(/CI[^\n]*\$[\d,]+\.\d\d/);
  });

  it('leaves tags every task shares out of the tag breakdown', () => {
    const byTag = lines.slice(lines.indexOf('By tag'), lines.indexOf('By tag') + 8).join('\n');
    expect(byTag).toContain('Tags every task has are not a breakdown: expensely, swelancer-lite.');
    expect(byTag).toMatch(/\ndiamond +A/);
    expect(byTag).not.toMatch(/\n(expensely|swelancer-lite) /);
    const only = buildRunReport(runOf(tasks.slice(1, 3), gold().slice(1, 3)));
    expect(renderReport(only, 'terminal')).toContain(
      '\nBy tag: every task has expensely, swelancer-lite; no other tag\n',
    );
  });

  it('warns when one answer position passes 60%, in every human format', async () => {
    const caveat =
      'A picked the proposal shown 1st in 100% of 480 answered manager attempt(s); ' +
      'the correct one was shown there in 25%';
    expect(text.replace(/\n {2}/g, ' ')).toContain(`! ${caveat}`);
    expect(text).toMatch(
      /Manager answer positions[\s\S]*A +480\/480 +picked +100% +0% +0% +0% +0%/,
    );
    expect(text).not.toContain('! gold picked');
    const full = caveat.replace('A picked', `${LONG} picked`);
    expect(renderReport(report(), 'markdown')).toContain(full);
    expect(await renderReport(report(), 'html')).toContain(full);
    const json = JSON.parse(renderReport(report(), 'json')) as RunReport;
    expect(json.agents[0]?.answerPositions?.positions[0]).toEqual({
      position: 1,
      chosen: 480,
      correct: 120,
    });
  });
});

describe('fitting text', () => {
  it('cuts text columns, never numbers, to fit a width', () => {
    const rows = [['a title that is much too long for the table', '$1,000,000']];
    const [header, row] = textTable(
      [{ header: 'title' }, { header: 'price', align: 'right' }],
      rows,
      {
        maxWidth: 24,
      },
    );
    expect(row).toBe('a title tha…  $1,000,000');
    expect(header?.length).toBeLessThanOrEqual(24);
  });

  it('wraps prose at spaces and splits words longer than a line', () => {
    expect(wrapText('one two three four', 9)).toEqual(['one two', '  three', '  four']);
    const wrapped = wrapText(`clone: /${'x'.repeat(30)}`, 12);
    expect(wrapped.every((line) => line.length <= 12)).toBe(true);
    expect(wrapped.join('').replace(/ /g, '')).toBe(`clone:/${'x'.repeat(30)}`);
  });
});
