/**
 * The heuristic check of `suite validate` as text: what each surface-only baseline wins
 * against chance, where the correct proposal sits (in order and by length), and which tasks
 * drive a BIASED figure.
 */
import { textTable } from '../report/table.ts';
import { formatUsd } from '../runner/summary.ts';
import type {
  BiasFigure,
  HeuristicCheck,
  PositionFigure,
  WonTask,
} from '../runner/validate/heuristic-check.ts';

/** Tasks listed after a BIASED figure; the rest are counted (`--json` has them all). */
const LISTED_TASKS = 8;

export function renderHeuristicCheck(check: HeuristicCheck): string[] {
  const first = check.heuristics[0];
  const chance = first
    ? `chance wins ${first.expectedTasks.toFixed(1)} tasks, ${formatUsd(first.expectedUsd)}; ` +
      `more than ${first.tasksLimit} task(s) or ${formatUsd(first.usdLimit)} is BIASED`
    : '';
  const heuristicRows = check.heuristics.map((f) => [
    f.heuristic,
    f.shuffled ? 'shuffled' : 'as given',
    ...figureCells(f),
  ]);
  const rankRows = (figures: readonly PositionFigure[]) =>
    figures.map((f) => [ordinal(f.position), `${f.tasks} task(s)`, ...figureCells(f)]);
  const columns = (first: string, second: string) => [
    { header: first },
    { header: second },
    { header: 'tasks', align: 'right' as const },
    { header: 'chance', align: 'right' as const },
    { header: 'dollars', align: 'right' as const },
    { header: 'chance $', align: 'right' as const },
    { header: 'p', align: 'right' as const },
    { header: 'verdict' },
  ];
  const lines = [
    `heuristic baselines on ${check.tasks} manager task(s), ${formatUsd(check.totalUsd)}: ${chance} ` +
      `(one-sided p ≤ ${check.alpha})`,
    ...textTable(columns('heuristic', 'order'), heuristicRows),
    '',
    'position of the correct proposal (in the order given)',
    ...textTable(columns('position', 'of'), rankRows(check.positions)),
    '',
    'length rank of the correct proposal (1st = the longest)',
    ...textTable(columns('rank', 'of'), rankRows(check.lengthRanks)),
    '',
  ];
  for (const f of check.heuristics.filter((f) => f.biased)) {
    lines.push(
      `${f.heuristic} (${f.shuffled ? 'shuffled' : 'as given'}): BIASED: ${drivenBy(f.won, f.tasks)}`,
    );
  }
  for (const f of check.positions.filter((f) => f.biased)) {
    lines.push(`correct proposal at position ${f.position}: BIASED: ${drivenBy(f.won, f.tasks)}`);
  }
  for (const f of check.lengthRanks.filter((f) => f.biased)) {
    lines.push(
      `correct proposal the ${ordinal(f.position)} longest: BIASED: ${drivenBy(f.won, f.tasks)}`,
    );
  }
  lines.push(
    check.biased
      ? 'heuristic check: BIASED: surface features alone beat chance (docs/suite-validation.md)'
      : 'heuristic check: passed',
  );
  return lines;
}

/** tasks won, chance, dollars won, chance dollars, the smaller p-value, verdict. */
function figureCells(f: BiasFigure): string[] {
  return [
    String(f.tasksWon),
    f.expectedTasks.toFixed(1),
    formatUsd(f.usdWon),
    formatUsd(f.expectedUsd),
    formatP(Math.min(f.tasksPValue, f.usdPValue)),
    f.biased ? 'BIASED' : 'ok',
  ];
}

function drivenBy(won: readonly WonTask[], of: number): string {
  const listed = won.slice(0, LISTED_TASKS).map((t) => `${t.id} (${formatUsd(t.price)})`);
  const more = won.length > LISTED_TASKS ? `, and ${won.length - LISTED_TASKS} more` : '';
  return `wins ${won.length} of ${of}: ${listed.join(', ')}${more}`;
}

function formatP(p: number): string {
  return p < 0.0001 ? '<0.0001' : p.toFixed(4);
}

function ordinal(n: number): string {
  const suffix =
    n % 10 === 1 && n !== 11
      ? 'st'
      : n % 10 === 2 && n !== 12
        ? 'nd'
        : n % 10 === 3 && n !== 13
          ? 'rd'
          : 'th';
  return `${n}${suffix}`;
}
