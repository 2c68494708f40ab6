/**
 * `swelancer report <runDir>`: metrics and evidence from a run store, in any format. Reads
 * the store only: nothing is re-run or re-graded, so a report can be rendered again at any
 * time, even while the run is still writing.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Command, Option } from '@commander-js/extra-typings';
import { InputError, isSwelancerError } from '../../errors.ts';
import { buildRunReport } from '../../metrics/run-report.ts';
import { DIMENSIONS, type Dimension } from '../../metrics/types.ts';
import { ATTEMPT_PAGES_DIR } from '../../report/attempt-links.ts';
import { writeAttemptPages } from '../../report/attempt-page/index.ts';
import {
  CSV_MODES,
  type CsvMode,
  REPORT_FORMATS,
  type ReportFormat,
  renderReport,
} from '../../report/index.ts';
import { readRunForReport } from '../../report/read-run.ts';
import { promptOf } from '../../report/run-title.ts';
import type { CliIo } from '../io.ts';

interface ReportFlags {
  json?: true;
  format?: ReportFormat;
  csv?: string | true;
  out?: string;
  by?: string;
  compare?: string;
  baseline?: string;
  seed: string;
  resamples: string;
  top: string;
  quarantine?: string;
  allowPromptMismatch?: true;
}

export function register(program: Command, io: CliIo): void {
  program
    .command('report')
    .description('Earnings, pass@k, intervals and breakdowns of a run, from its store')
    .argument('<runDir>', 'run directory made by `swelancer run`')
    .option('--json', 'print the report as JSON on stdout (same as --format json)')
    .addOption(
      new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('terminal'),
    )
    .option('--csv [mode]', `CSV output: ${CSV_MODES.join(' or ')} (implies --format csv)`)
    .option('--out <file>', 'write the report to this file instead of stdout')
    .option('--by <dimensions>', `breakdowns, comma-separated: ${DIMENSIONS.join(',')}`)
    .option('--compare <runDir>', 'paired comparison with another run on the same tasks')
    .option(
      '--allow-prompt-mismatch',
      'let --compare pair runs whose agents read different prompts (--prompt swelancer vs dataset)',
    )
    .option('--baseline <agent>', 'paired comparison of every other agent with this one')
    .option('--seed <n>', 'seed of the bootstrap resampling', '1')
    .option('--resamples <n>', 'bootstrap resamples', '1000')
    .option('--top <n>', 'costliest misses and disagreements to list', '10')
    .option('--quarantine <taskIds>', 'more task ids to leave out of scores, comma-separated')
    .action(async (runDir, flags) => {
      const format = chooseFormat(flags);
      const text = await buildAndRender(runDir, flags, format, io);
      if (flags.out) writeReport(resolve(io.cwd, flags.out), text, io);
      else io.stdout.write(text);
      if (format !== 'html') return;
      if (flags.out) {
        const file = resolve(io.cwd, flags.out);
        const written = writePages(resolve(io.cwd, runDir), file, io.cwd);
        const where = join(dirname(file), ATTEMPT_PAGES_DIR);
        io.stderr.write(`${written} attempt page(s) written to ${where}\n`);
      } else {
        io.stderr.write(
          'attempt pages (one per attempt, linked from the report) are written only with --out <file>\n',
        );
      }
    });
}

/** Attempt pages beside the report; a folder that cannot be written is the flag's fault. */
function writePages(runDir: string, file: string, cwd: string): number {
  try {
    return writeAttemptPages(runDir, file, { cwd });
  } catch (error) {
    if (isSwelancerError(error)) throw error;
    const dir = join(dirname(file), ATTEMPT_PAGES_DIR);
    throw new InputError(
      'FLAG_INVALID',
      `--out: expected a writable folder for attempt pages, found ${dir} (${error instanceof Error ? error.message : String(error)})`,
      { cause: error, location: dir },
    );
  }
}

function writeReport(file: string, text: string, io: CliIo): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new InputError(
      'FLAG_INVALID',
      `--out: expected a writable file path, found ${file} (${error instanceof Error ? error.message : String(error)})`,
      { cause: error, location: file },
    );
  }
  io.stderr.write(`report written to ${file}\n`);
}

function buildAndRender(
  runDir: string,
  flags: ReportFlags,
  format: ReportFormat,
  io: CliIo,
): string | Promise<string> {
  // Flags first: a typo should not wait for a large run to load.
  const seed = integer('--seed', flags.seed, 0, 2 ** 32 - 1);
  const resamples = integer('--resamples', flags.resamples, 1, 1_000_000);
  const top = integer('--top', flags.top, 0, 100_000);
  const by = flags.by === undefined ? undefined : dimensions(flags.by);
  const csv = csvMode(flags.csv);
  const run = readRunForReport(resolve(io.cwd, runDir));
  const other = flags.compare ? readRunForReport(resolve(io.cwd, flags.compare)) : undefined;
  if (other && flags.compare) {
    const ours = promptOf(run.manifest);
    const theirs = promptOf(other.manifest);
    if (ours !== theirs) {
      const what = `${runDir} used --prompt ${ours} and ${flags.compare} used --prompt ${theirs}`;
      if (!flags.allowPromptMismatch) {
        throw new InputError(
          'FLAG_INVALID',
          `--compare: ${what}, so a difference in scores may come from the prompt alone; ` +
            'add --allow-prompt-mismatch to compare them anyway',
          { location: '--compare' },
        );
      }
      io.stderr.write(`warning: ${what}; compared anyway (--allow-prompt-mismatch)\n`);
    }
  }
  const quarantine = list(flags.quarantine);
  const unknown = quarantine.filter((id) => !run.input.tasks.some((task) => task.id === id));
  if (unknown.length > 0) {
    throw new InputError(
      'FLAG_INVALID',
      `--quarantine: expected task ids of the run, found unknown ${unknown.map((id) => `"${id}"`).join(', ')}`,
    );
  }
  const report = buildRunReport(run.input, {
    name: runDir,
    manifest: run.manifest,
    seed,
    resamples,
    top,
    dimensions: by,
    quarantine,
    inFlight: run.inFlight,
    workersSpentUsd: run.workersSpentUsd,
    baseline: flags.baseline,
    compare: other && flags.compare ? { name: flags.compare, input: other.input } : undefined,
  });
  const color = format === 'terminal' && !flags.out && io.stdout.isTTY === true && !io.env.NO_COLOR;
  return renderReport(report, format, { color, csv });
}

function chooseFormat(flags: ReportFlags): ReportFormat {
  const asked = flags.format ?? 'terminal';
  const wanted: ReportFormat[] = [];
  if (flags.json) wanted.push('json');
  if (flags.csv !== undefined) wanted.push('csv');
  if (asked !== 'terminal') wanted.push(asked);
  const distinct = [...new Set(wanted)];
  if (distinct.length > 1) {
    throw new InputError(
      'FLAG_INVALID',
      `--json, --csv and --format: expected one output format, found ${distinct.join(' and ')}`,
    );
  }
  return distinct[0] ?? 'terminal';
}

function csvMode(flag: string | true | undefined): CsvMode {
  if (flag === undefined || flag === true) return 'attempts';
  if ((CSV_MODES as readonly string[]).includes(flag)) return flag as CsvMode;
  throw new InputError(
    'FLAG_INVALID',
    `--csv: expected ${CSV_MODES.join(' or ')}, found "${flag}"`,
  );
}

function list(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function dimensions(text: string): Dimension[] {
  const items = list(text);
  const bad = items.filter((item) => !(DIMENSIONS as readonly string[]).includes(item));
  if (items.length === 0 || bad.length > 0) {
    throw new InputError(
      'FLAG_INVALID',
      `--by: expected a comma-separated list of ${DIMENSIONS.join(', ')}, found "${text}"`,
    );
  }
  return [...new Set(items)] as Dimension[];
}

function integer(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new InputError(
      'FLAG_INVALID',
      `${flag}: expected an integer from ${min} to ${max}, found "${text}"`,
    );
  }
  return value;
}
