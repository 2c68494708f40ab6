/**
 * The task table: one row per task with each agent's attempts as a strip of status marks and
 * its expected earnings, rendered on the server so it reads without scripts. Attempts ride
 * along as compact JSON (one array per attempt, ~130 bytes plus its explanation) and the
 * page's script draws them only when a task is expanded or a filter reaches them: thousands
 * of attempts stay a few hundred kilobytes and a fast first paint.
 */
import { CATEGORY_LABELS, KIND_LABELS } from '../../metrics/breakdown.ts';
import type { AttemptRow, RunReport, TaskRow } from '../../metrics/types.ts';
import { ATTEMPT_STATUSES, type AttemptStatus } from '../../store/types.ts';
import { attemptPageHref } from '../attempt-links.ts';
import { usd } from '../format.ts';
import { escapeHtml } from '../html-escape.ts';

/** One letter per status: the strip's class names and the data's status codes. */
export const STATUS_CODES: Record<AttemptStatus, string> = {
  passed: 'p',
  failed: 'f',
  agent_error: 'e',
  limit: 'l',
  infra_error: 'x',
};

/** What the page's script reads: `tasks[i]` is the table's row `i`. */
export interface TableData {
  agents: string[];
  statuses: readonly AttemptStatus[];
  /** `STATUS_CODES` of `statuses`, in the same order. */
  codes: string[];
  /** `[id, title, kind label, category labels, price, earned per agent (null: no attempt)]`. */
  tasks: [string, string, string, string[], number, (number | null)[]][];
  /** `[task index, agent index, attempt index, status index, earned, cost, ms, explanation, page href]`. */
  attempts: [number, number, number, number, number, number | null, number, string, string][];
}

export function tableData(report: RunReport): TableData {
  const agents = report.agents.map((agent) => agent.agent);
  const taskIndex = new Map(report.tasks.map((task, i) => [task.id, i]));
  const agentIndex = new Map(agents.map((agent, i) => [agent, i]));
  const byTask = attemptsByTask(report.attempts);
  return {
    agents,
    statuses: ATTEMPT_STATUSES,
    codes: ATTEMPT_STATUSES.map((status) => STATUS_CODES[status]),
    tasks: report.tasks.map((task) => [
      task.id,
      task.title,
      KIND_LABELS[task.kind] ?? task.kind,
      task.categories.map((key) => CATEGORY_LABELS[key] ?? key),
      task.priceUsd,
      agents.map((agent) => expectedEarned(byTask.get(task.id)?.get(agent) ?? [])),
    ]),
    attempts: report.attempts.flatMap((row) => {
      const t = taskIndex.get(row.taskId);
      const a = agentIndex.get(row.agent);
      if (t === undefined || a === undefined) return [];
      return [
        [
          t,
          a,
          row.attemptIndex,
          ATTEMPT_STATUSES.indexOf(row.status),
          row.earnedUsd,
          row.costUsd,
          row.durationMs,
          row.explanation,
          attemptPageHref(row.key),
        ],
      ];
    }),
  };
}

/** The table with its filter bar; rows in task id order, one `<tbody>` per task. */
export function taskTableHtml(report: RunReport): string {
  const agents = report.agents.map((agent) => agent.agent);
  const byTask = attemptsByTask(report.attempts);
  const kinds = [...new Set(report.tasks.map((task) => KIND_LABELS[task.kind] ?? task.kind))];
  const categories = [
    ...new Set(report.tasks.flatMap((task) => task.categories.map((c) => CATEGORY_LABELS[c] ?? c))),
  ].sort();
  const agentHeads = agents
    .map(
      (agent, i) =>
        `<th class="r ag a${i}" aria-sort="none"><button type="button" data-sort="earned${i}">${escapeHtml(agent)}</button></th>`,
    )
    .join('');
  const bodies = report.tasks.map((task, i) => taskBody(task, i, agents, byTask.get(task.id)));
  return [
    '<form class="filters" id="filters" role="search" hidden>',
    '<input type="search" id="q" placeholder="Search tasks, statuses, explanations ( / )" aria-label="Search tasks, statuses and explanations">',
    select('status', 'status', ATTEMPT_STATUSES),
    select('kind', 'kind', kinds),
    select('category', 'category', categories),
    select('agent', 'agent', agents),
    '<button type="button" id="expand-all">Expand all</button>',
    '<button type="button" id="collapse-all">Collapse all</button>',
    '<output id="shown" aria-live="polite"></output>',
    '</form>',
    '<noscript><p class="note">Filters and attempt rows need scripts; <code>swelancer report --csv</code> lists every attempt.</p></noscript>',
    '<table class="tasks" id="tasks"><thead><tr>',
    '<th><span class="sr">expand</span></th>',
    '<th aria-sort="ascending"><button type="button" data-sort="id">task</button></th>',
    '<th aria-sort="none"><button type="button" data-sort="title">title</button></th>',
    '<th>kind · category</th>',
    '<th class="r" aria-sort="none"><button type="button" data-sort="price">price</button></th>',
    agentHeads,
    `</tr></thead>${bodies.join('')}</table>`,
    legend(),
  ].join('\n');
}

function taskBody(
  task: TaskRow,
  index: number,
  agents: readonly string[],
  attempts: ReadonlyMap<string, AttemptRow[]> | undefined,
): string {
  // `ag a<i>`: the agent filter hides the other agents' columns by these classes.
  const cells = agents.map((agent, i) => {
    const own = attempts?.get(agent) ?? [];
    if (own.length === 0) return `<td class="r ag a${i}">–</td>`;
    const passed = own.filter((row) => row.status === 'passed').length;
    const marks = own.map((row) => `<i class="${STATUS_CODES[row.status]}"></i>`).join('');
    const earned = expectedEarned(own);
    return (
      `<td class="r nowrap ag a${i}"><span class="strip" title="${passed} of ${own.length} passed">${marks}</span> ` +
      `${earned === null ? '–' : usd(earned)}</td>`
    );
  });
  const kind = KIND_LABELS[task.kind] ?? task.kind;
  const categories = task.categories.map((key) => CATEGORY_LABELS[key] ?? key).join(', ');
  const quarantined = task.quarantined ? ' <span class="tag">quarantined</span>' : '';
  return (
    `<tbody id="t${index}"><tr class="task">` +
    `<td><button type="button" class="expand" aria-expanded="false" aria-label="attempts of ${escapeHtml(task.id)}">▸</button></td>` +
    `<td class="id">${escapeHtml(task.id)}</td><td>${escapeHtml(task.title)}${quarantined}</td>` +
    `<td class="muted">${escapeHtml(kind)}${categories ? ` · ${escapeHtml(categories)}` : ''}</td>` +
    `<td class="r">${usd(task.priceUsd)}</td>${cells.join('')}</tr></tbody>`
  );
}

function select(id: string, label: string, options: readonly string[]): string {
  const choices = options
    .map((option) => `<option value="${escapeHtml(option)}">${escapeHtml(option)}</option>`)
    .join('');
  return `<select id="f-${id}" aria-label="${label}"><option value="">any ${label}</option>${choices}</select>`;
}

function legend(): string {
  const items = ATTEMPT_STATUSES.map(
    (status) => `<span><i class="${STATUS_CODES[status]}"></i> ${status}</span>`,
  ).join(' ');
  return `<p class="legend strip">${items} · one mark per attempt; dollars: expected earnings of one attempt</p>`;
}

/** Task id → agent → its attempts, in attempt order. */
function attemptsByTask(rows: readonly AttemptRow[]): Map<string, Map<string, AttemptRow[]>> {
  const out = new Map<string, Map<string, AttemptRow[]>>();
  for (const row of rows) {
    const agents = out.get(row.taskId) ?? new Map<string, AttemptRow[]>();
    const own = agents.get(row.agent) ?? [];
    own.push(row);
    agents.set(row.agent, own);
    out.set(row.taskId, agents);
  }
  for (const agents of out.values()) {
    for (const own of agents.values()) own.sort((a, b) => a.attemptIndex - b.attemptIndex);
  }
  return out;
}

/** Mean earned over the attempts that measured the agent (infra errors do not); null: none did. */
function expectedEarned(rows: readonly AttemptRow[]): number | null {
  const scored = rows.filter((row) => row.status !== 'infra_error');
  if (scored.length === 0) return null;
  return scored.reduce((sum, row) => sum + row.earnedUsd, 0) / scored.length;
}
