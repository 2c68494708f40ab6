/**
 * `swelancer tasks list|show|validate <source>`: look at the tasks of a native suite folder or
 * an official SWE-Lancer CSV without running anything. With `--json`, stdout carries only
 * JSON; problems and logs go to stderr.
 */
import { type Command, Option } from '@commander-js/extra-typings';
import { InputError, isSwelancerError } from '../../errors.ts';
import type { Availability } from '../../sandbox/types.ts';
import type { TaskFilter } from '../../task/filter.ts';
import type { Problem } from '../../task/problems.ts';
import type { TaskTotals } from '../../task/summary.ts';
import {
  CATEGORIES,
  type Category,
  type IcTask,
  NATURES,
  type Nature,
  OFFICIAL_SPLITS,
  type OfficialSplit,
  type Suite,
  TASK_KINDS,
  type Task,
  type TaskKind,
} from '../../task/types.ts';
import { EXIT } from '../exit-codes.ts';
import { collect, collectChoice, dollars } from '../flag-parsers.ts';
import type { CliIo } from '../io.ts';

// Loaded on use so other commands' `--help` does not pay for zod, csv-parse and the loaders.
const loadTaskModule = () => import('../../task/index.ts');
const loadSummary = () => import('../../task/summary.ts');
const loadCheckPatches = () => import('../../runner/check-patches.ts');

const SOURCE_HELP = 'a native suite folder (with suite.json) or an official SWE-Lancer .csv file';
const KIND_LABELS: Record<TaskKind, string> = { ic_swe: 'IC SWE', swe_manager: 'SWE Manager' };

interface ListFlags {
  kind?: TaskKind[];
  minPrice?: number;
  maxPrice?: number;
  tag?: string[];
  id?: string[];
  category?: Category[];
  nature?: Nature[];
  split?: OfficialSplit;
  json?: boolean;
}

export function register(program: Command, io: CliIo): void {
  const tasks = program
    .command('tasks')
    .description('List, show and validate the tasks of a suite or an official CSV');

  tasks
    .command('list')
    .description('A table of tasks (id, kind, price, title) and the dollars available by kind')
    .argument('<source>', SOURCE_HELP)
    .addOption(
      new Option(
        '--kind <kind>',
        `only this kind (repeatable): ${TASK_KINDS.join(', ')}`,
      ).argParser(collectChoice(TASK_KINDS)),
    )
    .option('--min-price <usd>', 'only tasks priced at least this many dollars', dollars)
    .option('--max-price <usd>', 'only tasks priced at most this many dollars', dollars)
    .option('--tag <tag>', 'only tasks with this tag (repeatable: any of them)', collect)
    .option('--id <glob>', 'only ids matching this glob, * and ? (repeatable)', collect)
    .addOption(
      new Option(
        '--category <category>',
        `only this category (repeatable): ${CATEGORIES.join(', ')}`,
      ).argParser(collectChoice(CATEGORIES)),
    )
    .addOption(
      new Option(
        '--nature <nature>',
        `only this nature (repeatable): ${NATURES.join(', ')}`,
      ).argParser(collectChoice(NATURES)),
    )
    .addOption(
      new Option(
        '--split <split>',
        "only this official split (all_swelancer_tasks.csv's set column)",
      ).choices(OFFICIAL_SPLITS),
    )
    .option('--json', 'print JSON on stdout')
    .action(async (source, flags) => {
      await listCommand(source, flags, io);
    });

  tasks
    .command('show')
    .description('Everything about one task: issue, price, proposals and answer, runnability')
    .argument('<source>', SOURCE_HELP)
    .argument('<id>', 'task id, as `tasks list` shows it')
    .option('--json', 'print the task as JSON on stdout')
    .action(async (source, id, flags) => {
      await showCommand(source, id, flags.json === true, io);
    });

  tasks
    .command('validate')
    .description(
      'Load every task, check with git that its patches apply, and report each problem; exit 0 when valid, 2 when not',
    )
    .argument('<source>', SOURCE_HELP)
    .option('--json', 'print the result as JSON on stdout')
    .action(async (source, flags) => {
      process.exitCode = await validateCommand(source, flags.json === true, io);
    });
}

async function listCommand(source: string, flags: ListFlags, io: CliIo): Promise<void> {
  const { checkSplitFilter, filterTasks, loadSuite } = await loadTaskModule();
  const filter: TaskFilter = {
    kinds: flags.kind,
    minPrice: flags.minPrice,
    maxPrice: flags.maxPrice,
    tags: flags.tag,
    ids: flags.id,
    categories: flags.category,
    natures: flags.nature,
    ...(flags.split === undefined ? {} : { split: flags.split }),
  };
  const suite = await loadSuite(source);
  checkSplitFilter(suite.tasks, filter, source);
  const tasks = filterTasks(suite.tasks, filter);
  const totals = (await loadSummary()).totalTasks(tasks);
  const official = await officialTasksNote(tasks);
  if (flags.json) {
    const rows = tasks.map((task) => ({
      id: task.id,
      kind: task.kind,
      price: task.price,
      title: task.title,
      tags: task.tags,
      categories: task.categories,
      nature: task.nature ?? null,
      runnable: task.kind === 'ic_swe' ? icRunnable(task, official) : null,
      runsIn: task.kind === 'ic_swe' ? runsIn(task) : null,
    }));
    const header = suiteHeader(suite);
    writeJson(io, {
      suite: header,
      total: suite.tasks.length,
      tasks: rows,
      totals,
      ...(official ? { officialImages: official.support } : {}),
    });
    return;
  }
  const width = io.stdout.isTTY ? ((io.stdout as { columns?: number }).columns ?? 100) : 100;
  io.stdout.write(renderTable(tasks, width));
  io.stdout.write(renderTotals(totals, tasks.length, suite.tasks.length));
  if (official) io.stdout.write(`${official.text}\n`);
}

interface OfficialNote {
  support: Availability;
  text: string;
}

/** For a list with official IC tasks: whether this machine can run them, and how. */
async function officialTasksNote(tasks: readonly Task[]): Promise<OfficialNote | undefined> {
  const count = tasks.filter(
    (task) => task.kind === 'ic_swe' && runsIn(task) === 'official-image',
  ).length;
  if (count === 0) return undefined;
  const { officialImageSupport } = await import('../../official/support.ts');
  const support = await officialImageSupport();
  const tasksText =
    count === 1
      ? '1 IC task runs in its official SWE-Lancer image'
      : `${count} IC tasks run in their official SWE-Lancer images`;
  return {
    support,
    text: support.ok
      ? `${tasksText}: runnable here with \`swelancer run … --sandbox container\` (add --pull to fetch missing images, about 14 GB each)`
      : `${tasksText}: not runnable here: ${support.reason}`,
  };
}

function runsIn(task: IcTask): 'codebase' | 'official-image' {
  return task.ic.runnable === true ? 'codebase' : 'official-image';
}

function icRunnable(task: IcTask, official: OfficialNote | undefined): boolean {
  return runsIn(task) === 'codebase' || official?.support.ok === true;
}

function renderTable(tasks: readonly Task[], width: number): string {
  if (tasks.length === 0) return 'No task matches the filters.\n';
  const rows = tasks.map((task) => [task.id, task.kind, usd(task.price), task.title]);
  const header = ['ID', 'KIND', 'PRICE', 'TITLE'];
  const widths = [0, 1, 2].map((column) =>
    Math.max(header[column]?.length ?? 0, ...rows.map((row) => row[column]?.length ?? 0)),
  ) as [number, number, number];
  const titleWidth = Math.max(20, width - widths[0] - widths[1] - widths[2] - 6);
  const line = (cells: string[]) =>
    [
      (cells[0] ?? '').padEnd(widths[0]),
      (cells[1] ?? '').padEnd(widths[1]),
      (cells[2] ?? '').padStart(widths[2]),
      truncate(cells[3] ?? '', titleWidth),
    ].join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

function renderTotals(totals: TaskTotals, shown: number, total: number): string {
  const rows = [
    ...TASK_KINDS.map((kind) => [KIND_LABELS[kind], totals[kind]] as const),
    ['Total', totals.all] as const,
  ];
  const counts = rows.map(
    ([, t]) => `${t.tasks.toLocaleString('en-US')} ${plural(t.tasks, 'task')}`,
  );
  const amounts = rows.map(([, t]) => usd(t.usd));
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const countWidth = Math.max(...counts.map((c) => c.length));
  const amountWidth = Math.max(...amounts.map((a) => a.length));
  const lines = rows.map(
    ([label], i) =>
      `${label.padEnd(labelWidth)}  ${(counts[i] ?? '').padStart(countWidth)}  ${(amounts[i] ?? '').padStart(amountWidth)}`,
  );
  const note = shown === total ? '' : `(${shown} of ${total} tasks match the filters)\n`;
  return `\n${lines.join('\n')}\n${note}`;
}

async function showCommand(source: string, id: string, json: boolean, io: CliIo): Promise<void> {
  const { loadSuite } = await loadTaskModule();
  const suite = await loadSuite(source);
  const task = suite.tasks.find((candidate) => candidate.id === id);
  if (!task) {
    const close = similarIds(
      suite.tasks.map((t) => t.id),
      id,
    );
    const hint = close.length > 0 ? `; similar ids: ${close.join(', ')}` : '';
    throw new InputError(
      'INPUT_INVALID',
      `${source}: no task with id "${id}" among its ${suite.tasks.length} tasks${hint} (see \`swelancer tasks list ${source}\`)`,
    );
  }
  if (json) {
    writeJson(io, { suite: suiteHeader(suite), task });
    return;
  }
  io.stdout.write(renderTask(task));
}

function renderTask(task: Task): string {
  const out: string[] = [];
  out.push(`${task.id} · ${KIND_LABELS[task.kind]} · ${usd(task.price)}`);
  out.push(task.title, '');
  const facts: [string, string][] = [
    ['Tags', task.tags.join(', ') || '(none)'],
    ['Categories', task.categories.join(', ') || '(none)'],
    ['Nature', task.nature ?? '(not given)'],
    [
      'Source',
      task.source.type === 'native'
        ? `${task.source.dir} (suite ${task.source.suite} ${task.source.suiteVersion})`
        : `${task.source.file}, row ${task.source.row}`,
    ],
    ['Content hash', task.contentHash],
  ];
  if (task.kind === 'ic_swe') {
    const ic = task.ic;
    if (ic.runnable === 'official-image') {
      facts.push(
        ['Runs in', 'its official SWE-Lancer image (--sandbox container)'],
        ['Question id', ic.questionId],
      );
    } else {
      facts.push(
        ['Runnable', 'yes'],
        [
          'Codebase',
          `${ic.codebase.name} (${ic.codebase.dir}), served by \`${ic.codebase.serve}\` on port ${ic.codebase.port}`,
        ],
        ['Break patch', ic.breakPatch ?? '(none: the base codebase is the broken state)'],
        ['Fix patch', ic.fixPatch ?? 'the reverse of the break patch'],
        ['Hidden tests', ic.hiddenTestsDir],
        ['User flow', ic.userFlow ?? '(none)'],
        ['Test timeout', `${ic.testTimeoutMs / 1000} s`],
      );
    }
  } else {
    facts.push(
      ['Proposals', `${task.proposals.length} (ids ${task.proposals.map((p) => p.id).join(', ')})`],
      ['Correct proposal', String(task.correctProposalId)],
    );
    if (task.codebase) facts.push(['Codebase', `${task.codebase.name} (${task.codebase.dir})`]);
  }
  const labelWidth = Math.max(...facts.map(([label]) => label.length)) + 1;
  for (const [label, value] of facts) out.push(`${`${label}:`.padEnd(labelWidth)} ${value}`);
  out.push('', section('Issue'), '', text(task.issue) || '(empty)');
  if (task.kind === 'swe_manager') {
    out.push(
      '',
      section(`Proposals (${task.proposals.length}; the manager chose ${task.correctProposalId})`),
    );
    for (const proposal of task.proposals) {
      const by = proposal.author ? ` by ${proposal.author}` : '';
      const chosen = proposal.id === task.correctProposalId ? ' [chosen]' : '';
      const patch = proposal.patch ? `\npatch: ${proposal.patch}` : '';
      out.push(
        '',
        `--- Proposal ${proposal.id}${by}${chosen} ---${patch}`,
        '',
        text(proposal.text),
      );
    }
    if (task.rationale) out.push('', section('Why the manager chose it'), '', text(task.rationale));
  }
  return `${out.join('\n')}\n`;
}

async function validateCommand(source: string, json: boolean, io: CliIo): Promise<number> {
  const { checkSuite, detectSource } = await loadTaskModule();
  let suite: Suite | undefined;
  let problems: Problem[];
  try {
    ({ suite, problems } = await checkSuite(source));
  } catch (error) {
    // A source that is not a suite at all is reported like any other problem.
    if (!(isSwelancerError(error) && error instanceof InputError)) throw error;
    problems = [{ file: source, message: error.message }];
  }
  // Only here, not on every load: it takes git a copy and a few processes per task.
  let patchProblems: Problem[] = [];
  if (suite) {
    const { checkPatches } = await loadCheckPatches();
    patchProblems = await checkPatches(suite, (await detectSource(source)).location);
    problems = [...problems, ...patchProblems];
  }
  const valid = suite !== undefined && problems.length === 0;
  const loaded = suite?.tasks.length ?? 0;
  const clean = loaded - new Set(patchProblems.map((p) => p.file)).size;
  if (json) {
    writeJson(io, {
      source,
      valid,
      suite: suite ? suiteHeader(suite) : null,
      tasks: loaded,
      problems,
    });
  } else if (valid && suite) {
    const totals = (await loadSummary()).totalTasks(suite.tasks);
    const kinds = TASK_KINDS.map((kind) => `${totals[kind].tasks} ${kind}`).join(', ');
    io.stdout.write(
      `valid: ${suite.name} ${suite.version}, ${loaded} ${plural(loaded, 'task')} (${kinds}), ${usd(totals.all.usd)}\n`,
    );
  } else {
    const count = `${problems.length} ${plural(problems.length, 'problem')}`;
    const lines = problems.map((p) => `  - ${p.message}`);
    const tail = suite ? [`${clean} ${plural(clean, 'task')} loaded without problems`] : [];
    io.stdout.write(`invalid: ${source} has ${count}:\n${[...lines, ...tail].join('\n')}\n`);
  }
  return valid ? EXIT.ok : EXIT.input;
}

/** Ids containing the one asked for (or contained in it); else ids with the same start. */
function similarIds(known: readonly string[], id: string): string[] {
  const overlapping = known.filter((k) => k.includes(id) || id.includes(k));
  const close =
    overlapping.length > 0 ? overlapping : known.filter((k) => k.startsWith(id.slice(0, 4)));
  return close.slice(0, 5);
}

/** Section lines that cannot be mistaken for the markdown headings inside issues. */
function section(title: string): string {
  return `=== ${title} ===`;
}

function suiteHeader(suite: Suite) {
  return { name: suite.name, version: suite.version, origin: suite.origin };
}

function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

const USD = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 0,
  maximumFractionDigits: 2,
});

/** `$175,000`, `$62.5`: thousands separators, cents only when there are any. */
export function usd(amount: number): string {
  return USD.format(amount);
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

/** Issue and proposal texts come from GitHub with CRLF line ends. */
function text(value: string): string {
  return value.replace(/\r\n?/g, '\n').trim();
}

function truncate(value: string, width: number): string {
  const flat = value.replace(/\s+/g, ' ');
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}
