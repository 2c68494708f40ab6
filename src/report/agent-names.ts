/**
 * Short names for long agent labels where width is scarce (the terminal). A label such as
 * `openai-compatible:fake@http://127.0.0.1:18931/v1` on every row pushes tables past any
 * screen; it gets a letter instead, and one legend line says what each letter stands for.
 */
import type { RunReport } from '../metrics/types.ts';
import type { AgentName } from './format.ts';

/** Labels up to this long stay as they are. */
export const MAX_LABEL = 16;

export interface AgentNames {
  name: AgentName;
  /** `A = <label> (<models>)` per aliased agent; empty when no label is long. */
  legend: string[];
}

export function agentNames(report: RunReport, maxLabel: number = MAX_LABEL): AgentNames {
  const labels = report.agents.map((agent) => agent.agent);
  const taken = new Set(labels);
  const alias = new Map<string, string>();
  const legend: string[] = [];
  let next = 0;
  for (const agent of report.agents) {
    if (agent.agent.length <= maxLabel) continue;
    let letter = letterOf(next++);
    // A short label may itself be a letter: skip it rather than make two agents one.
    while (taken.has(letter)) letter = letterOf(next++);
    alias.set(agent.agent, letter);
    const models = agent.models.length > 0 ? ` (${agent.models.join(', ')})` : '';
    legend.push(`${letter} = ${agent.agent}${models}`);
  }
  return { name: (agent) => alias.get(agent) ?? agent, legend };
}

/** A, B, … Z, AA, AB, …: as many as there are agents. */
function letterOf(index: number): string {
  const letter = String.fromCharCode(65 + (index % 26));
  return index < 26 ? letter : `${letterOf(Math.floor(index / 26) - 1)}${letter}`;
}
