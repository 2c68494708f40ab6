/**
 * `swelancer suite validate <suite>`: gold must pass and noop must fail every IC task, and
 * manager proposals' patches must pass or fail the hidden tests as the task says, `--repeat`
 * times each, and heuristic baselines (longest, first, last, most-code) on manager tasks against
 * chance. Exit 0 when every task is valid, 1 when any is invalid or flaky or the suite is
 * BIASED (3 when only infrastructure errors stand in the way). Flaky tasks can be written to the suite's
 * quarantine.json.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { type Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { createGoldAgent } from '../../agent/gold.ts';
import { InputError } from '../../errors.ts';
import { textTable } from '../../report/table.ts';
import { officialSettingsOf, withOfficialImages } from '../../runner/official-images.ts';
import { createProgressReporter } from '../../runner/progress.ts';
import { formatUsd } from '../../runner/summary.ts';
import type { CheckOutcome, TaskValidation } from '../../runner/validate/verdict.ts';
import type { SuiteValidation } from '../../runner/validate-suite.ts';
import type { TaskFilters } from '../../store/types.ts';
import { TASK_KINDS, type TaskKind } from '../../task/types.ts';
import { EXIT } from '../exit-codes.ts';
import { collect, collectChoice } from '../flag-parsers.ts';
import { interruptOnSignals } from '../interrupt.ts';
import { type CliIo, cliLogger } from '../io.ts';
import {
  type OfficialImageFlags,
  officialBudgetOption,
  officialImageOf,
  officialImageOption,
  officialImagePrefixOption,
  officialImageTagOption,
  pullOption,
  pullProgress,
} from '../official-flags.ts';
import { renderHeuristicCheck } from '../render-heuristic-check.ts';

interface ValidateFlags extends OfficialImageFlags {
  repeat: number;
  id?: string[];
  kind?: TaskKind[];
  concurrency: number;
  sandbox: string;
  json?: boolean;
  runDir?: string;
  reuse?: string[];
  writeQuarantine?: boolean;
  maxInfraRetries: number;
}

export function register(program: Command, io: CliIo): void {
  const suite = program.command('suite').description('Check a suite before agents are run on it');
  suite
    .command('validate')
    .description(
      'Run gold (must pass) and noop (must fail) on every IC task, and proposal patches of manager tasks against their hidden tests, --repeat times each; report invalid and flaky tasks, and a suite whose manager tasks heuristic baselines (longest, first, last, most-code) win beyond chance as BIASED',
    )
    .argument('<suite>', 'a native suite folder (or an official SWE-Lancer CSV file)')
    .option('--repeat <n>', 'attempts of every check', positiveInt, 3)
    .option('--id <id>', 'only tasks with this id; * and ? are wildcards (repeatable)', collect)
    .addOption(
      new Option(
        '--kind <kind>',
        `only tasks of this kind (repeatable): ${TASK_KINDS.join(', ')}`,
      ).argParser(collectChoice(TASK_KINDS)),
    )
    .option('-j, --concurrency <n>', 'attempts in flight at once', positiveInt, 1)
    .option('--sandbox <provider>', 'sandbox provider: local or container', 'local')
    .option(
      '--run-dir <dir>',
      'where the checks are recorded (default: runs/validate-<suite>-<hash>)',
    )
    .option(
      '--reuse <dir>',
      'copy the results of unchanged checks from an earlier validation run (repeatable)',
      collect,
    )
    .addOption(officialImageOption())
    .addOption(officialImagePrefixOption())
    .addOption(officialImageTagOption())
    .addOption(pullOption())
    .addOption(officialBudgetOption())
    .option('--write-quarantine', "record flaky tasks in the suite's quarantine.json")
    .option('--max-infra-retries <n>', 'retries after an infrastructure error', nonNegativeInt, 2)
    .option('--json', 'print the validation as JSON on stdout')
    .action(async (source, flags) => {
      process.exitCode = await validateCommand(source, flags, io);
    });
}

async function validateCommand(source: string, flags: ValidateFlags, io: CliIo): Promise<number> {
  const progress = createProgressReporter({
    stream: io.stderr,
    isTTY: io.stderr.isTTY === true,
    failures: false,
  });
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      progress.clear();
      io.stderr.write(chunk, done);
    },
  });
  const logger = cliLogger({ ...io, stderr: logStream });
  const dir = resolve(io.cwd, source);
  if (!existsSync(dir)) {
    throw new InputError(
      'FLAG_INVALID',
      `${source}: expected a suite folder, found nothing there`,
      {
        location: source,
      },
    );
  }
  const [{ loadSuite }, { validateSuite, writeQuarantine, allValid }, registry] = await Promise.all(
    [
      import('../../task/load.ts'),
      import('../../runner/validate-suite.ts'),
      import('../../sandbox/registry.ts'),
    ],
  );
  const loaded = await loadSuite(dir);
  if (flags.writeQuarantine && !existsSync(resolve(dir, 'suite.json'))) {
    throw new InputError(
      'FLAG_INVALID',
      `--write-quarantine: expected a native suite folder (with suite.json), found ${source}`,
      { location: '--write-quarantine' },
    );
  }
  if (!registry.sandboxNames().includes(flags.sandbox)) {
    throw new InputError(
      'FLAG_INVALID',
      `--sandbox ${flags.sandbox}: expected one of ${registry.sandboxNames().join(', ')}`,
      { location: '--sandbox' },
    );
  }
  const sandboxes = await registry.openSandboxProvider(flags.sandbox, { logger });
  // What earlier runs killed mid-way (kill -9, a double Ctrl-C) left behind.
  await registry.removeLeftovers(sandboxes, logger);
  const filters: TaskFilters = {
    kinds: flags.kind ?? [],
    tags: [],
    ids: flags.id ?? [],
    minPrice: undefined,
    maxPrice: undefined,
  };
  // Official IC tasks are checked in their images, pinned as a run pins them.
  const officialImage = officialImageOf(flags);
  const { suite, images } = await withOfficialImages({
    suite: loaded,
    plan: { filters, ...(officialImage ? { officialImage } : {}) },
    agents: [createGoldAgent()],
    sandbox: flags.sandbox,
    pull: flags.pull === true,
    onProgress: pullProgress(logger),
  });
  const interrupt = interruptOnSignals(logger);
  let validation: SuiteValidation;
  try {
    validation = await validateSuite(suite, {
      repeat: flags.repeat,
      filters,
      concurrency: flags.concurrency,
      sandbox: flags.sandbox,
      sandboxes,
      images,
      official: officialSettingsOf(
        { ...(officialImage ? { officialImage } : {}) },
        flags.officialBudget,
      ),
      ...(flags.runDir === undefined ? {} : { runDir: flags.runDir }),
      ...(flags.reuse === undefined ? {} : { reuseFrom: flags.reuse }),
      cwd: io.cwd,
      maxInfraRetries: flags.maxInfraRetries,
      command: commandLine(dir, flags),
      signal: interrupt.signal,
      logger,
      progress,
    });
  } finally {
    interrupt.release();
  }
  let quarantine: string | undefined;
  if (flags.writeQuarantine && !validation.interrupted) {
    const written = await writeQuarantine(dir, validation);
    quarantine = `${written.file}: ${written.entries.length} quarantined task(s)`;
  }
  io.stdout.write(
    flags.json
      ? `${JSON.stringify({ ...validation, quarantine: quarantine ?? null })}\n`
      : renderValidation(validation, quarantine),
  );
  if (validation.interrupted) return EXIT.interrupted;
  if (allValid(validation)) return EXIT.ok;
  const onlyInfra =
    validation.heuristics?.biased !== true &&
    validation.tasks.every((t) => ['valid', 'skipped', 'error'].includes(t.verdict));
  return onlyInfra ? EXIT.infra : EXIT.failed;
}

/** The per-task table, the problems of tasks that are not valid, and the totals. */
export function renderValidation(v: SuiteValidation, quarantine?: string): string {
  const rows = v.tasks.map((t) => [
    t.id,
    t.kind === 'ic_swe' ? 'IC' : 'manager',
    formatUsd(t.price),
    tally(t.gold),
    tally(t.noop),
    proposalsCell(t),
    seconds(t.testRuntimeMedianMs),
    seconds(t.timeMs),
    t.verdict.toUpperCase(),
  ]);
  const table = textTable(
    [
      { header: 'task' },
      { header: 'kind' },
      { header: 'price', align: 'right' },
      { header: 'gold', align: 'right' },
      { header: 'noop', align: 'right' },
      { header: 'proposals', align: 'right' },
      { header: 'tests', align: 'right' },
      { header: 'time', align: 'right' },
      { header: 'verdict' },
    ],
    rows,
  );
  const lines = [...table, ''];
  for (const t of v.tasks) {
    for (const problem of t.problems) lines.push(`${t.id}: ${t.verdict.toUpperCase()}: ${problem}`);
    for (const note of t.notes) lines.push(`${t.id}: note: ${note}`);
  }
  if (v.heuristics) lines.push(...renderHeuristicCheck(v.heuristics), '');
  const totals = v.totals;
  const counts = (['valid', 'invalid', 'flaky', 'error', 'incomplete', 'skipped'] as const)
    .filter((verdict) => totals[verdict] > 0 || verdict === 'valid')
    .map((verdict) => `${totals[verdict]} ${verdict}`);
  lines.push(
    `${totals.tasks} task(s), ${v.repeat} attempt(s) per check: ${counts.join(', ')}; ` +
      `${formatUsd(totals.validUsd)} of ${formatUsd(totals.totalUsd)} valid`,
    `wall time ${seconds(v.wallMs)}; gold/noop = tests passed / attempts; tests = median hidden-test run time`,
  );
  if (quarantine) lines.push(`quarantine: ${quarantine}`);
  if (v.interrupted) lines.push('interrupted: run the same command again to finish');
  lines.push(`run directory: ${v.runDir || '(none: nothing needed executing)'}`);
  return `${lines.join('\n')}\n`;
}

function tally(outcome: CheckOutcome | undefined): string {
  if (!outcome) return '-';
  const infra = outcome.infraErrors > 0 ? ` (+${outcome.infraErrors} infra)` : '';
  return `${outcome.passed}/${outcome.graded}${infra}`;
}

/** Proposals whose patch did what the task says, of those executed: `3/3 ok`. */
function proposalsCell(t: TaskValidation): string {
  if (t.kind !== 'swe_manager') return '-';
  if (t.proposals.length === 0) return '0';
  const ok = t.proposals.filter((p) => p.verdict === 'valid').length;
  return `${ok}/${t.proposals.length} ok`;
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`;
}

/** What to type to run (or resume) this validation again; recorded in the run. */
function commandLine(dir: string, flags: ValidateFlags): string[] {
  return [
    'suite',
    'validate',
    dir,
    '--repeat',
    String(flags.repeat),
    ...(flags.id ?? []).flatMap((id) => ['--id', id]),
    ...(flags.kind ?? []).flatMap((kind) => ['--kind', kind]),
    ...(flags.runDir === undefined ? [] : ['--run-dir', flags.runDir]),
  ];
}

function positiveInt(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) {
    throw new InvalidArgumentError('expected an integer ≥ 1');
  }
  return Number(value);
}

function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('expected an integer ≥ 0');
  return Number(value);
}
