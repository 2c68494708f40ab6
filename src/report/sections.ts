/**
 * The tables of a report, independent of the output format: terminal, Markdown and HTML
 * all render these, so every format shows the same facts with the same wording.
 */

import { ordinal } from '../metrics/answer-positions.ts';
import { groupOrder } from '../metrics/breakdown.ts';
import type { AgentReport, RunReport } from '../metrics/types.ts';
import { ATTEMPT_STATUSES } from '../store/types.ts';
import {
  type AgentName,
  ci,
  clip,
  count,
  DIMENSION_TITLES,
  passAtKText,
  pct,
  pctRange,
  plainName,
  usd,
  usdRange,
  usdRatio,
} from './format.ts';
import type { Column } from './table.ts';

export interface Section {
  title: string;
  /** One sentence under the title saying how to read the table. */
  note?: string;
  columns: Column[];
  rows: string[][];
  /**
   * When set, the section says everything in this one line (all zeros, a single group) and
   * renderers show `title: line` instead of the table.
   */
  line?: string;
}

export interface SectionOptions {
  /** How agents are named in cells and headers. @default their labels */
  name?: AgentName;
}

const R = 'right' as const;
const UNKNOWN = 'unknown';

/** A cost in dollars, or `unknown` (never $0: an unknown cost is not a free one). */
function costUsd(value: number | null): string {
  return value === null ? UNKNOWN : usd(value);
}

/** The report's tables after the headline; comparisons come apart (`comparisonSections`). */
export function reportSections(report: RunReport, options: SectionOptions = {}): Section[] {
  const { confidence } = report.options;
  const name = options.name ?? plainName;
  const agents = report.agents;
  const live = inFlightSections(report, name);
  if (report.attempts.length === 0) return live;
  const interval = ci(confidence);
  const sections: Section[] = [
    ...live,
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
        { header: `earn rate ${interval}`, align: R },
        { header: `earned ${interval}`, align: R },
      ],
      rows: agents.map((a) => [
        name(a.agent),
        String(a.summary.tasks),
        String(a.summary.attempts),
        usd(a.summary.earnedUsd),
        usd(a.summary.availableUsd),
        pct(a.summary.earnRate),
        pctRange(a.intervals.earnRate),
        usdRange(a.intervals.earnedUsd),
      ]),
    },
    {
      title: 'Pass rate',
      columns: [
        { header: 'agent' },
        { header: 'pass@1', align: R },
        { header: `pass@1 ${interval}`, align: R },
        { header: 'pass@k (unbiased)' },
      ],
      rows: agents.map((a) => [
        name(a.agent),
        pct(a.summary.pass1),
        pctRange(a.intervals.pass1),
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
        name(a.agent),
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
      ...(agents.every((a) => a.infra.attempts === 0 && a.quarantine.tasks === 0)
        ? { line: 'nothing (no infra errors, no quarantined tasks)' }
        : {}),
      rows: agents.map((a) => [
        name(a.agent),
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
      ...(agents.every((a) => a.cost.spentUsd === 0 && a.partialCredit === null)
        ? { line: '$0 spent by every agent' }
        : {}),
      rows: agents.map((a) => [
        name(a.agent),
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
    ...breakdownSections(report, name),
    ...positionSections(report, name),
    ...lossSections(report, name),
  ];
  const disagreement = disagreementSection(report, name);
  if (disagreement) sections.push(disagreement);
  return sections;
}

/** Group-major rows (a bucket, then each agent in it) so agents compare line by line. */
function breakdownSections(report: RunReport, name: AgentName): Section[] {
  return report.options.dimensions.map((dimension) => {
    const byKey = new Map<string, { label: string; rows: string[][] }>();
    const shared = new Set<string>();
    for (const agent of report.agents) {
      const breakdown = agent.breakdowns.find((b) => b.dimension === dimension);
      for (const tag of breakdown?.sharedTags ?? []) shared.add(tag);
      for (const group of breakdown?.groups ?? []) {
        const entry = byKey.get(group.key) ?? { label: group.label, rows: [] };
        entry.rows.push([
          group.label,
          name(agent.agent),
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
    const sharedList = [...shared].sort().join(', ');
    return {
      title: DIMENSION_TITLES[dimension],
      ...(sharedList ? { note: `Tags every task has are not a breakdown: ${sharedList}.` } : {}),
      ...oneGroupLine(dimension, keys, byKey, sharedList),
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

/** Attempts a runner has started and not recorded: what a run is doing right now. */
function inFlightSections(report: RunReport, name: AgentName): Section[] {
  if (report.inFlight.length === 0) return [];
  const stale = report.inFlight.some((row) => row.stale);
  // Steps and spend come from agents that report them (the built-in LLM agent).
  const reported = report.inFlight.some((row) => row.steps !== undefined);
  const progress = (row: RunReport['inFlight'][number]) => {
    if (!reported) return [];
    if (row.steps === undefined) return ['', ''];
    const spent = row.spendUsd == null ? '?' : `$${row.spendUsd.toFixed(2)}`;
    return [String(row.steps), spent];
  };
  // Only a queue run's attempts have a worker: a local run keeps the columns it had.
  const onWorkers = report.inFlight.some((row) => row.worker !== undefined);
  return [
    {
      title: 'In flight',
      note: stale
        ? `${report.inFlight.length} attempt(s) a runner started and never recorded: stale, no runner holds the run.`
        : `${report.inFlight.length} attempt(s) started and not finished yet; times in UTC.`,
      columns: [
        { header: 'task' },
        { header: 'agent' },
        { header: '#', align: R },
        { header: 'stage' },
        { header: 'started' },
        { header: 'in stage since' },
        ...(reported
          ? [
              { header: 'steps', align: R },
              { header: 'spent', align: R },
            ]
          : []),
        ...(onWorkers ? [{ header: 'worker' }] : []),
      ],
      rows: report.inFlight.map((row) => [
        row.taskId,
        name(row.agent),
        String(row.attemptIndex),
        row.stale ? `${row.stage} (stale)` : row.stage,
        clock(row.startedAt),
        clock(row.updatedAt),
        ...progress(row),
        ...(onWorkers ? [row.worker ?? ''] : []),
      ]),
    },
  ];
}

/** `2026-12-06 10:31:05`: an ISO time to the second, as people read it. */
function clock(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '');
}

/** A breakdown with a single group repeats the totals: one line says what it is. */
function oneGroupLine(
  dimension: string,
  keys: readonly string[],
  byKey: ReadonlyMap<string, { label: string }>,
  sharedTags: string,
): { line: string } | Record<string, never> {
  if (keys.length > 1) return {};
  const label = keys[0] === undefined ? undefined : byKey.get(keys[0])?.label;
  if (dimension === 'tag' && (label === undefined || label === UNTAGGED)) {
    return {
      line: sharedTags ? `every task has ${sharedTags}; no other tag` : 'no task has a tag',
    };
  }
  return label === undefined ? {} : { line: `every scored task is ${label}` };
}

const UNTAGGED = '(untagged)';

/**
 * Manager answers by where the chosen proposal was shown, beside where the correct one
 * was: an agent whose picks pile up at one position while the answers do not is guessing.
 */
function positionSections(report: RunReport, name: AgentName): Section[] {
  const agents = report.agents.flatMap((agent) =>
    agent.answerPositions ? [{ agent: agent.agent, positions: agent.answerPositions }] : [],
  );
  if (agents.length === 0) return [];
  const most = Math.max(...agents.map((a) => a.positions.positions.length));
  const share = (count: number, answered: number) =>
    answered === 0 ? '–' : `${Math.round((count / answered) * 100)}%`;
  return [
    {
      title: 'Manager answer positions',
      note:
        'Share of answered manager attempts by where the picked proposal was shown ' +
        '(1st: shown first), and where the correct one was shown in the same attempts.',
      columns: [
        { header: 'agent' },
        { header: 'answered', align: R },
        { header: '' },
        ...Array.from({ length: most }, (_, i) => ({ header: ordinal(i + 1), align: R })),
        { header: 'last', align: R },
      ],
      rows: agents.flatMap(({ agent, positions }) => {
        const cells = (pick: 'chosen' | 'correct') => [
          ...Array.from({ length: most }, (_, i) => {
            const at = positions.positions[i];
            return at ? share(at[pick], positions.answered) : '–';
          }),
          share(positions.last[pick], positions.answered),
        ];
        return [
          [
            name(agent),
            `${count(positions.answered)}/${count(positions.attempts)}`,
            'picked',
            ...cells('chosen'),
          ],
          ['', '', 'correct', ...cells('correct')],
        ];
      }),
    },
  ];
}

function lossSections(report: RunReport, name: AgentName): Section[] {
  return report.agents
    .filter((agent: AgentReport) => agent.topLosses.length > 0)
    .map((agent) => ({
      title: `Where ${name(agent.agent)} lost money`,
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

function disagreementSection(report: RunReport, name: AgentName): Section | undefined {
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
      ...agents.map((agent) => ({ header: name(agent), align: R })),
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
