/**
 * The report's charts as Vega-Lite specs over the RunReport: earnings per slice, the pass@k
 * curve, cost against earnings, and each agent's manager answer positions. Drawn to SVG at
 * report time (vega-svg.ts); an agent keeps one colour in every chart.
 */

import type { TopLevelSpec } from 'vega-lite';
import { dominantPosition, ordinal } from '../../metrics/answer-positions.ts';
import { groupOrder } from '../../metrics/breakdown.ts';
import type { AgentReport, Dimension, RunReport } from '../../metrics/types.ts';
import { count } from '../format.ts';
import { vegaLiteSvg } from './vega-svg.ts';

export interface Chart {
  /** What the chart shows, as its heading and its accessible name. */
  title: string;
  svg: string;
  /** A `!` note the chart is evidence for (one answer position dominating). */
  caveat?: string;
}

/** Tableau 10: tells up to ten agents apart, colour-blind safe for the first few. */
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];
const AVAILABLE_GREY = '#d0d7de';
const SLICES: { dimension: Dimension; title: string }[] = [
  { dimension: 'kind', title: 'Earnings by kind (grey: available)' },
  { dimension: 'category', title: 'Earnings by category (grey: available)' },
  { dimension: 'nature', title: 'Earnings by nature of work (grey: available)' },
  { dimension: 'price', title: 'Earnings by price (grey: available)' },
];

/** Every chart the report has data for, in reading order. */
export async function reportCharts(report: RunReport): Promise<Chart[]> {
  const agents = report.agents.map((agent) => agent.agent);
  const color: AgentColor = {
    field: 'agent',
    type: 'nominal',
    scale: { domain: agents, range: PALETTE },
    // One agent needs no legend: the heading and the headline name it.
    legend: agents.length > 1 ? { title: null } : null,
  };
  const specs: { title: string; spec: TopLevelSpec; caveat?: string }[] = [];
  for (const slice of SLICES) {
    const spec = earningsSpec(report.agents, slice.dimension, color);
    if (spec) specs.push({ title: slice.title, spec });
  }
  const passAtK = passAtKSpec(report.agents, color);
  if (passAtK) specs.push({ title: 'pass@k', spec: passAtK });
  const cost = costSpec(report.agents, color);
  if (cost) specs.push({ title: 'Cost vs earnings', spec: cost });
  for (const agent of report.agents) {
    const positions = positionSpec(agent);
    if (positions) specs.push(positions);
  }
  return Promise.all(
    specs.map(async ({ title, spec, caveat }) => ({
      title,
      svg: await vegaLiteSvg(spec),
      ...(caveat ? { caveat } : {}),
    })),
  );
}

/** Each agent's colour, the same in every chart. */
interface AgentColor {
  field: 'agent';
  type: 'nominal';
  scale: { domain: string[]; range: string[] };
  legend: { title: null } | null;
}

/** Earned over available per group, one bar per agent in each group. */
function earningsSpec(
  agents: readonly AgentReport[],
  dimension: Dimension,
  color: AgentColor,
): TopLevelSpec | undefined {
  const rows = agents.flatMap((agent) =>
    (agent.breakdowns.find((b) => b.dimension === dimension)?.groups ?? []).map((group) => ({
      key: group.key,
      group: group.label,
      agent: agent.agent,
      earned: group.earnedUsd,
      available: group.availableUsd,
    })),
  );
  const keys = [...new Set(rows.map((row) => row.key))].sort(groupOrder(dimension));
  if (keys.length < 2) return undefined;
  const labels = keys.map((key) => rows.find((row) => row.key === key)?.group ?? key);
  const dollars = { type: 'quantitative', axis: { format: '$,.0f', title: null } } as const;
  return {
    width: 360,
    // The step is each agent's bar; a group is as tall as its agents' bars.
    height: { step: 14, for: 'offset' },
    data: { values: rows },
    encoding: {
      y: { field: 'group', type: 'nominal', sort: labels, title: null, axis: { labelLimit: 220 } },
      yOffset: { field: 'agent', type: 'nominal', sort: color.scale.domain },
    },
    layer: [
      {
        mark: { type: 'bar', color: AVAILABLE_GREY },
        encoding: { x: { field: 'available', ...dollars } },
      },
      {
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'earned', ...dollars },
          color,
        },
      },
    ],
  };
}

/** pass@k for every k the run measured: how much more attempts buy. */
function passAtKSpec(agents: readonly AgentReport[], color: AgentColor): TopLevelSpec | undefined {
  const rows = agents.flatMap((agent) =>
    agent.passAtK.map((point) => ({ agent: agent.agent, k: point.k, value: point.value })),
  );
  if (!rows.some((row) => row.k > 1)) return undefined;
  return {
    width: 360,
    height: 200,
    data: { values: rows },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'k', type: 'quantitative', axis: { tickMinStep: 1, title: 'k (attempts)' } },
      y: {
        field: 'value',
        type: 'quantitative',
        scale: { domain: [0, 1] },
        axis: { format: '.0%', title: 'pass@k' },
      },
      color,
    },
  };
}

/** One point per agent whose cost is known, when something was spent at all. */
function costSpec(agents: readonly AgentReport[], color: AgentColor): TopLevelSpec | undefined {
  const rows = agents.flatMap((agent) =>
    agent.cost.costUsd === null
      ? []
      : [
          {
            agent: agent.agent,
            label: agent.models.length > 0 ? agent.models.join(', ') : agent.agent,
            cost: agent.cost.costUsd,
            earned: agent.summary.earnedUsd,
          },
        ],
  );
  if (!rows.some((row) => row.cost > 0)) return undefined;
  // Model costs are often cents: a fixed two decimals would label every tick $0.00.
  const costFormat = Math.max(...rows.map((row) => row.cost)) < 1 ? '$.2~g' : '$,.2f';
  const position = {
    x: {
      field: 'cost',
      type: 'quantitative',
      axis: { format: costFormat, title: 'model cost per attempt at each task' },
    },
    y: { field: 'earned', type: 'quantitative', axis: { format: '$,.0f', title: 'earned' } },
  } as const;
  return {
    width: 360,
    height: 200,
    data: { values: rows },
    layer: [
      {
        mark: { type: 'point', filled: true, size: 80 },
        encoding: {
          ...position,
          color,
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 7, fontSize: 11 },
        encoding: { ...position, text: { field: 'label' } },
      },
    ],
  };
}

/**
 * Where one agent's picks were shown, beside where the correct proposal was: bars that pile
 * up on one position while the answers do not mean the agent follows position.
 */
function positionSpec(
  agent: AgentReport,
): { title: string; spec: TopLevelSpec; caveat?: string } | undefined {
  const positions = agent.answerPositions;
  if (!positions || positions.answered === 0) return undefined;
  const places = [
    ...positions.positions.map((p) => ({ where: ordinal(p.position), ...p })),
    { where: 'last', ...positions.last },
  ];
  const rows = places.flatMap((place) => [
    { where: place.where, kind: 'picked', share: place.chosen / positions.answered },
    { where: place.where, kind: 'correct', share: place.correct / positions.answered },
  ]);
  const top = dominantPosition(positions);
  return {
    title: `${agent.agent}: manager answer positions (${count(positions.answered)} answered)`,
    spec: {
      width: { step: 16, for: 'offset' },
      height: 160,
      data: { values: rows },
      mark: { type: 'bar' },
      encoding: {
        x: {
          field: 'where',
          type: 'nominal',
          sort: places.map((place) => place.where),
          axis: { labelAngle: 0, title: 'position shown' },
        },
        xOffset: { field: 'kind', type: 'nominal', sort: ['picked', 'correct'] },
        y: {
          field: 'share',
          type: 'quantitative',
          scale: { domain: [0, 1] },
          axis: { format: '.0%', title: 'share of answers' },
        },
        color: {
          field: 'kind',
          type: 'nominal',
          scale: { domain: ['picked', 'correct'], range: ['#cf222e', '#8c959f'] },
          title: null,
        },
      },
    },
    ...(top
      ? {
          caveat:
            `${agent.agent} picked the proposal shown ${top.where} in ` +
            `${Math.round((top.chosen / positions.answered) * 100)}% of ${count(positions.answered)} answered attempts`,
        }
      : {}),
  };
}
