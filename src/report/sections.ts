/**
 * The tables of a report, independent of the output format: terminal, Markdown and HTML
 * all render these, so every format shows the same facts with the same wording.
 */
import { groupOrder } from '../metrics/breakdown.ts';
import type { AgentReport, RunReport } from '../metrics/types.ts';
import { ATTEMPT_STATUSES } from '../store/types.ts';
import {
  clip,
  DIMENSION_TITLES,
  passAtKText,
  pct,
  pctInterval,
  pts,
  usd,
  usdDelta,
  usdInterval,
  usdRatio,
} from './format.ts';
import type { Column } from './table.ts';

export interface Section {
  title: string;
  /** One sentence under the title saying how to read the table. */
  note?: string;
  columns: Column[];
  rows: string[][];
}

const R = 'right' as const;
const UNKNOWN = 'unknown';

/** A cost in dollars, or `unknown` (never $0: an unknown cost is not a free one). */
function costUsd(value: number | null): string {
  return value === null ? UNKNOWN : usd(value);
}

export function reportSections(report: RunReport): Section[] {
  const { confidence } = report.options;
  const agents = report.agents;
  if (report.attempts.length === 0) return [];
  const sections: Section[] = [
    {
      title: 'Earnings',
      note: 'Expected earnings of one attempt per task; infra errors and quarantined tasks excluded.',
      columns: [
        { header: 'agent' },
        { header: 'tasks', align: R },
        { header: 'attempts', align: R },
        { header: 'earned', align: R },
        { header: 'available', align: R },
        { header: 'earn rate', align: R },
        { header: 'earn rate CI', align: R },
        { header: 'earned CI', align: R },
      ],
      rows: agents.map((a) => [
        a.agent,
        String(a.summary.tasks),
        String(a.summary.attempts),
        usd(a.summary.earnedUsd),
        usd(a.summary.availableUsd),
        pct(a.summary.earnRate),
        pctInterval(a.intervals.earnRate, confidence),
        usdInterval(a.intervals.earnedUsd, confidence),
      ]),
    },
    {
      title: 'Pass rate',
      columns: [
        { header: 'agent' },
        { header: 'pass@1', align: R },
        { header: 'pass@1 CI', align: R },
        { header: 'pass@k (unbiased)' },
      ],
      rows: agents.map((a) => [
        a.agent,
        pct(a.summary.pass1),
        pctInterval(a.intervals.pass1, confidence),
        passAtKText(a),
      ]),
    },
    {
      title: 'Attempts by status',
      note: 'agent_error and limit count as failures; infra_error is not scored.',
      columns: ['agent', ...ATTEMPT_STATUSES, 'pending'].map((header, i) => ({
        header,
        align: i === 0 ? undefined : R,
      })),
      rows: agents.map((a) => [
        a.agent,
        ...ATTEMPT_STATUSES.map((status) => String(a.statuses[status])),
        String(a.pendingAttempts),
      ]),
    },
    {
      title: 'Not scored',
      note: 'Dollars the run could not measure: never counted as the agent failing.',
      columns: [
        { header: 'agent' },
        { header: 'infra attempts', align: R },
        { header: 'infra $', align: R },
        { header: 'tasks lost to infra', align: R },
        { header: 'quarantined tasks', align: R },
        { header: 'quarantined $', align: R },
      ],
      rows: agents.map((a) => [
        a.agent,
        String(a.infra.attempts),
        usd(a.infra.usd),
        String(a.infra.tasksUnscored),
        String(a.quarantine.tasks),
        usd(a.quarantine.usd),
      ]),
    },
    {
      title: 'Cost',
      note:
        'cost and margin are per attempt at each task, like earnings; spent is the whole run; ' +
        'unknown: some attempt spent an amount the harness cannot see (a model without a price, a CLI agent).',
      columns: [
        { header: 'agent' },
        { header: 'models' },
        { header: 'spent', align: R },
        { header: 'cost', align: R },
        { header: 'net margin', align: R },
        { header: 'cost per earned $', align: R },
        { header: 'partial credit', align: R },
      ],
      rows: agents.map((a) => [
        a.agent,
        a.models.join(', ') || '–',
        costUsd(a.cost.spentUsd),
        costUsd(a.cost.costUsd),
        costUsd(a.cost.netMarginUsd),
        a.cost.costUsd === null
          ? UNKNOWN
          : a.cost.costPerEarnedUsd === null
            ? '–'
            : usdRatio(a.cost.costPerEarnedUsd),
        pct(a.partialCredit),
      ]),
    },
    ...breakdownSections(report),
    ...lossSections(report),
  ];
  const disagreement = disagreementSection(report);
  if (disagreement) sections.push(disagreement);
  if (report.comparisons.length > 0) sections.push(comparisonSection(report));
  return sections;
}

/** Group-major rows (a bucket, then each agent in it) so agents compare line by line. */
function breakdownSections(report: RunReport): Section[] {
  return report.options.dimensions.map((dimension) => {
    const byKey = new Map<string, { label: string; rows: string[][] }>();
    for (const agent of report.agents) {
      const groups = agent.breakdowns.find((b) => b.dimension === dimension)?.groups ?? [];
      for (const group of groups) {
        const entry = byKey.get(group.key) ?? { label: group.label, rows: [] };
        entry.rows.push([
          group.label,
          agent.agent,
          String(group.tasks),
          usd(group.earnedUsd),
          usd(group.availableUsd),
          pct(group.earnRate),
          pct(group.pass1),
        ]);
        byKey.set(group.key, entry);
      }
    }
    const keys = [...byKey.keys()].sort(groupOrder(dimension));
    return {
      title: DIMENSION_TITLES[dimension],
      columns: [
        { header: dimension },
        { header: 'agent' },
        { header: 'tasks', align: R },
        { header: 'earned', align: R },
        { header: 'available', align: R },
        { header: 'earn rate', align: R },
        { header: 'pass@1', align: R },
      ],
      rows: keys.flatMap((key) => byKey.get(key)?.rows ?? []),
    };
  });
}

function lossSections(report: RunReport): Section[] {
  return report.agents
    .filter((agent: AgentReport) => agent.topLosses.length > 0)
    .map((agent) => ({
      title: `Where ${agent.agent} lost money`,
      note: `The ${agent.topLosses.length} task(s) with the most dollars not earned.`,
      columns: [
        { header: 'task' },
        { header: 'title' },
        { header: 'price', align: R },
        { header: 'lost', align: R },
        { header: 'pass@1', align: R },
      ],
      rows: agent.topLosses.map((loss) => [
        loss.taskId,
        clip(loss.title, 48),
        usd(loss.priceUsd),
        usd(loss.lostUsd),
        pct(loss.pass1),
      ]),
    }));
}

function disagreementSection(report: RunReport): Section | undefined {
  if (report.disagreements.length === 0) return undefined;
  const shown = report.disagreements.slice(0, report.options.top);
  const agents = report.agents.map((agent) => agent.agent);
  return {
    title: 'Tasks where agents disagree',
    note: `${report.disagreements.length} task(s) some agent passed and another never did; most expensive first${
      shown.length < report.disagreements.length ? `, top ${shown.length} shown` : ''
    }.`,
    columns: [
      { header: 'task' },
      { header: 'title' },
      { header: 'price', align: R },
      ...agents.map((agent) => ({ header: agent, align: R })),
    ],
    rows: shown.map((d) => [
      d.taskId,
      clip(d.title, 40),
      usd(d.priceUsd),
      ...agents.map((agent) => {
        const rate = d.pass1ByAgent[agent];
        return rate === undefined ? '–' : pct(rate);
      }),
    ]),
  };
}

function comparisonSection(report: RunReport): Section {
  const { confidence } = report.options;
  const name = (side: { run: string; agent: string }) =>
    side.run === report.run.name ? side.agent : `${side.agent} @ ${side.run}`;
  return {
    title: 'Paired comparison (A − B on common tasks)',
    note: 'Intervals resample the common tasks, keeping both sides of each task together.',
    columns: [
      { header: 'A' },
      { header: 'B' },
      { header: 'tasks', align: R },
      { header: 'Δ earned', align: R },
      { header: 'Δ earned CI', align: R },
      { header: 'Δ pass@1', align: R },
      { header: 'Δ pass@1 CI', align: R },
      { header: 'A better', align: R },
      { header: 'B better', align: R },
    ],
    rows: report.comparisons.map((c) => [
      name(c.a),
      name(c.b),
      String(c.commonTasks),
      c.earnedDiffUsd ? usdDelta(c.earnedDiffUsd.estimate) : '–',
      usdInterval(c.earnedDiffUsd, confidence),
      c.pass1Diff ? pts(c.pass1Diff.estimate) : '–',
      c.pass1Diff ? `[${pts(c.pass1Diff.low)} to ${pts(c.pass1Diff.high)}]` : '–',
      String(c.aBetter),
      String(c.bBetter),
    ]),
  };
}
