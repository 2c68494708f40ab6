/**
 * The comparison sections of `--compare` and `--baseline`, which every human-facing format
 * shows first.
 */
import type { RunReport } from '../metrics/types.ts';
import { ci, clip, pct, plainName, pts, usd, usdDelta, usdRange } from './format.ts';
import type { Section, SectionOptions } from './sections.ts';

const R = 'right' as const;

/**
 * What changed between two runs (or an agent and the baseline): the paired differences with
 * the exact McNemar test, then the tasks that flipped each way, most expensive first.
 * Renderers put these first: they are what `--compare` and `--baseline` ask for.
 */
export function comparisonSections(report: RunReport, options: SectionOptions = {}): Section[] {
  if (report.comparisons.length === 0) return [];
  const { confidence, top } = report.options;
  const interval = ci(confidence);
  const agentName = options.name ?? plainName;
  const name = (side: { run: string; agent: string }) =>
    side.run === report.run.name ? agentName(side.agent) : side.agent;
  // Runs are named once, in the note, rather than in every cell.
  const runs = [...new Set(report.comparisons.flatMap((c) => [c.a.run, c.b.run]))].filter(
    (run) => run !== report.run.name,
  );
  const where = (side: { run: string; agent: string }) =>
    side.run === report.run.name ? name(side) : `${name(side)} @ ${side.run}`;
  const summary: Section = {
    title: 'Paired comparison (A − B on common tasks)',
    note:
      (runs.length > 0 ? `A: ${report.run.name}; B: ${runs.join(', ')}. ` : '') +
      'Intervals resample the common tasks, keeping both sides of each task together; ' +
      'McNemar p: exact two-sided test on the tasks where one side did better.',
    columns: [
      { header: 'A' },
      { header: 'B' },
      { header: 'tasks', align: R },
      { header: 'Δ earned', align: R },
      { header: `Δ earned ${interval}`, align: R },
      { header: 'Δ pass@1', align: R },
      { header: `Δ pass@1 ${interval}`, align: R },
      { header: 'A better', align: R },
      { header: 'B better', align: R },
      { header: 'McNemar p', align: R },
    ],
    rows: report.comparisons.map((c) => [
      name(c.a),
      name(c.b),
      String(c.commonTasks),
      c.earnedDiffUsd ? usdDelta(c.earnedDiffUsd.estimate) : '–',
      usdRange(c.earnedDiffUsd),
      c.pass1Diff ? pts(c.pass1Diff.estimate) : '–',
      c.pass1Diff ? ptsRange(c.pass1Diff) : '–',
      String(c.aBetter),
      String(c.bBetter),
      pValue(c.mcnemarP),
    ]),
  };
  const flips = report.comparisons.flatMap((c) =>
    (
      [
        [c.a, c.b, c.aBetterTasks],
        [c.b, c.a, c.bBetterTasks],
      ] as const
    ).map(([better, worse, tasks], i): Section => {
      const shown = tasks.slice(0, top);
      const total = tasks.reduce((sum, t) => sum + t.priceUsd, 0);
      const rest = tasks.slice(shown.length);
      return {
        title: `Where ${i === 0 ? 'A' : 'B'} did better (${where(better)} over ${where(worse)})`,
        note:
          `${tasks.length} task(s) worth ${usd(total)}; most expensive first` +
          (rest.length > 0
            ? `; ${shown.length} shown, ${rest.length} more worth ${usd(rest.reduce((s, t) => s + t.priceUsd, 0))}.`
            : '.'),
        columns: [
          { header: 'task' },
          { header: 'title' },
          { header: 'price', align: R },
          { header: 'pass@1 A', align: R },
          { header: 'pass@1 B', align: R },
        ],
        ...(tasks.length === 0 ? { line: 'no task' } : {}),
        rows: shown.map((t) => [
          t.taskId,
          clip(t.title, 48),
          usd(t.priceUsd),
          pct(t.pass1A),
          pct(t.pass1B),
        ]),
      };
    }),
  );
  return [summary, ...flips];
}

/** `+25.7 to +42.5 pts`. */
function ptsRange(interval: { low: number; high: number }): string {
  return `${pts(interval.low).replace(' pts', '')} to ${pts(interval.high)}`;
}

/** `0.031`, `< 0.001`, `1`: a p-value to the precision a reader acts on. */
export function pValue(p: number): string {
  if (p < 0.001) return '< 0.001';
  if (p >= 0.9995) return '1';
  return p.toFixed(3);
}
