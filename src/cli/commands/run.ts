import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { type Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { presetSecrets } from '../../agent/command-presets.ts';
import { createAgent } from '../../agent/registry.ts';
import { AGENT_NETWORKS, resolveAgentSandbox } from '../../environments/agent-sandbox.ts';
import { checkManagerCodebase } from '../../environments/manager-codebase.ts';
import { InputError } from '../../errors.ts';
import { loadPricesFile } from '../../model/prices-file.ts';
import { modelSecrets } from '../../model/resolve.ts';
import { SpendMeter } from '../../model/spend.ts';
import { officialSettingsOf, withOfficialImages } from '../../runner/official-images.ts';
import { describeSkipped } from '../../runner/plan.ts';
import { createProgressReporter } from '../../runner/progress.ts';
import {
  type ExecuteRunOptions,
  executeRun,
  finishedRunOutcome,
  managerCodebaseOf,
  type PreparedRun,
  planNeedsSandbox,
  prepareRun,
  type RunOutcome,
} from '../../runner/run.ts';
import { formatAgentSummary } from '../../runner/summary.ts';
import { openRunStore } from '../../store/run-store.ts';
import { OFFICIAL_SPLITS, PROMPT_SOURCES, TASK_KINDS } from '../../task/types.ts';
import { EXIT } from '../exit-codes.ts';
import { collect, collectChoice, sandboxRegistryFor } from '../flag-parsers.ts';
import { interruptOnSignals } from '../interrupt.ts';
import { type CliIo, cliLogger } from '../io.ts';
import { loadRunSuite } from '../load-suite.ts';
import {
  officialBudgetOption,
  officialImageOption,
  officialImagePrefixOption,
  officialImageTagOption,
  pullOption,
  pullProgress,
} from '../official-flags.ts';
import { commandLine, planFromFlags, planFromRun, type RunFlags } from './run-plan.ts';

export function register(program: Command, io: CliIo): void {
  program
    .command('run')
    .description("Run agents on a suite's tasks; re-running the same command resumes it")
    .argument('[source]', 'a native suite folder or an official SWE-Lancer CSV file')
    .option(
      '--agent <name>',
      'agent to run (repeatable): gold, noop, random, longest, first, last, most-code, ...',
      collect,
    )
    .option(
      '--model <model>',
      'built-in LLM agent on a model (repeatable): openai:gpt-4o, anthropic:claude-sonnet-4-5, openai-compatible:<name>@<url>',
      collect,
    )
    .option(
      '--prices <file>',
      'JSON file of model prices (USD per million tokens) over the built-in table',
    )
    .option(
      '--max-spend <usd>',
      'stop starting new attempts once model spend reaches this; resume later to finish',
      nonNegativeNumber,
    )
    .option('--attempts <k>', 'attempts per task and agent (default: 1)', positiveInt)
    .option('-j, --concurrency <n>', 'attempts in flight at once', positiveInt, 1)
    .addOption(
      new Option(
        '--kind <kind>',
        `only tasks of this kind (repeatable): ${TASK_KINDS.join(', ')}`,
      ).argParser(collectChoice(TASK_KINDS)),
    )
    .option('--tag <tag>', 'only tasks with this tag (repeatable)', collect)
    .option('--id <id>', 'only tasks with this id; * and ? are wildcards (repeatable)', collect)
    .addOption(
      new Option(
        '--split <split>',
        "only tasks of this official split (all_swelancer_tasks.csv's set column)",
      ).choices(OFFICIAL_SPLITS),
    )
    .option('--min-price <usd>', 'only tasks priced at least this', nonNegativeNumber)
    .option('--max-price <usd>', 'only tasks priced at most this', nonNegativeNumber)
    .option('--shuffle-proposals', 'present manager proposals in a seeded random order')
    .addOption(
      new Option(
        '--prompt <source>',
        "the agent's prompt: swelancer (the harness's own, default) or dataset (the official CSV's prompt messages as the paper's models read them)",
      ).choices(PROMPT_SOURCES),
    )
    .option(
      '--codebase <name=path>',
      `code for official manager tasks: expensify=<a git clone of Expensify/App> (read at each manager_commit's parent)`,
      collect,
    )
    .option(
      '--categories <file>',
      "CSV mapping question_id to the paper's category (and nature), for reports by category",
    )
    .option('--seed <n>', 'seed for random agents and proposal order (default: 0)', integer)
    .option('--run-dir <dir>', 'where the run lives (default: runs/<suite>-<plan hash>)')
    .option('--resume <runDir>', 'continue the run in <runDir> with its recorded plan')
    .option('--max-infra-retries <n>', 'retries after an infrastructure error', nonNegativeInt, 2)
    .option(
      '--retry-infra',
      'run again the attempts that ended as infra_error (their earlier results are kept apart)',
    )
    .option('--sandbox <provider>', 'sandbox for IC attempts and manager workspaces', 'local')
    .addOption(
      new Option(
        '--agent-network <mode>',
        "the agent's sandbox network: none (own loopback only) or host (for CLI agents that call their model API; weaker isolation, see docs/security.md)",
      ).choices(AGENT_NETWORKS),
    )
    .option(
      '--agent-env <name>',
      "pass this variable's value into the agent's sandbox (repeatable; redacted from everything the run writes)",
      collect,
    )
    .option(
      '--agent-path <dir>',
      "host folder of agent binaries, mounted read-only and put first on PATH in the agent's sandbox",
    )
    .addOption(officialImageOption())
    .addOption(officialImagePrefixOption())
    .addOption(officialImageTagOption())
    .addOption(pullOption())
    .addOption(officialBudgetOption())
    .option(
      '--queue [redis-url]',
      'spread the attempts over `swelancer worker` processes through this Redis (default: $SWELANCER_REDIS_URL); this process records the results',
    )
    .option(
      '--heartbeat <seconds>',
      'off a terminal (CI logs), print the attempts in flight this often',
      positiveNumber,
      60,
    )
    .option('--json', 'print only the final summary as JSON on stdout')
    .action(async (source, flags) => {
      process.exitCode = await runCommand(source, flags, io);
    });
}

async function runCommand(source: string | undefined, flags: RunFlags, io: CliIo): Promise<number> {
  // Log lines first erase the progress line on a terminal, which is redrawn after them.
  const progress = createProgressReporter({
    stream: io.stderr,
    isTTY: io.stderr.isTTY === true,
    heartbeatMs: (flags.heartbeat ?? 60) * 1000,
  });
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      progress.clear();
      io.stderr.write(chunk, done);
    },
  });
  const { plan, runDir } = flags.resume
    ? planFromRun(flags.resume, source, flags, io.cwd)
    : planFromFlags(source, flags, io.cwd);
  const agentSandbox = resolveAgentSandbox(plan, io.env);
  // Every key the run may hold, never written anywhere: logs, artifacts, results.
  const secrets = [
    ...modelSecrets(io.env),
    ...presetSecrets(plan.agents, io.env),
    ...Object.values(agentSandbox.env ?? {}),
  ];
  const queue = flags.queue === undefined ? undefined : await queueMode(flags, io);
  if (queue) secrets.push(...queue.secrets);
  const logger = cliLogger({ ...io, stderr: logStream }, 'info', secrets);
  // Resuming a finished run needs no suite: answer from the store at once.
  const finished =
    runDir !== undefined && flags.resume && !flags.retryInfra
      ? finishedRunOutcome(runDir)
      : undefined;
  if (finished) {
    logger.info(`all ${finished.total} attempts in ${finished.runDir} are already final`);
    return printOutcome(finished, flags, io);
  }
  const loaded = await loadRunSuite(plan.source, plan.categories);
  const spend = new SpendMeter(flags.maxSpend);
  const agentOptions: Parameters<typeof createAgent>[1] = { env: io.env, spend, logger };
  // A queue's coordinator plans and records; its workers call the models with their own keys.
  if (queue) agentOptions.keyElsewhere = true;
  if (flags.prices) agentOptions.prices = await loadPricesFile(resolve(io.cwd, flags.prices));
  const agents = [];
  for (const name of plan.agents) agents.push(await createAgent(name, agentOptions));
  if (agentSandbox.network !== 'host' && plan.agents.some((name) => name.startsWith('preset:'))) {
    logger.warn(
      "CLI agent presets call their model API, and the agent's sandbox has no network: " +
        'add --agent-network host (see docs/cli-agents.md)',
    );
  }
  // Official IC tasks get their images pinned (or pulled) before the plan is made.
  const { suite, images } = await withOfficialImages({
    suite: loaded,
    plan,
    agents,
    sandbox: flags.sandbox,
    pull: flags.pull === true,
    onProgress: pullProgress(logger),
  });
  const prepared = prepareRun({
    suite,
    images,
    plan,
    agents,
    command: commandLine(plan, flags.resume ? undefined : flags.runDir),
    ...(runDir === undefined ? {} : { runDir }),
    cwd: io.cwd,
  });

  for (const group of prepared.planning.skipped) logger.warn(describeSkipped(group));
  const managerCodebase = managerCodebaseOf(plan);
  // Checked before anything runs: a wrong clone must not become a run of infra errors.
  if (managerCodebase) await checkManagerCodebase(managerCodebase, prepared.tasks);
  // Opened (and checked) before the run directory exists: a missing sandbox is not a run.
  const registry = await sandboxRegistryFor(flags.sandbox);
  // On a queue the workers open their own sandboxes.
  const sandboxes =
    !queue && planNeedsSandbox(prepared.planning, managerCodebase)
      ? await registry.openSandboxProvider(flags.sandbox, { logger })
      : undefined;
  // What earlier runs killed mid-way (kill -9, a double Ctrl-C) left behind.
  if (sandboxes) await registry.removeLeftovers(sandboxes, logger);
  if (prepared.resuming && flags.maxSpend !== undefined) spend.add(spentSoFar(prepared.runDir));

  const interrupt = interruptOnSignals(logger, () =>
    io.stderr.write(
      `stopped at once: attempts in flight were not recorded; resume with: swelancer run --resume ${prepared.runDir}\n`,
    ),
  );
  let outcome: RunOutcome;
  try {
    const options: ExecuteRunOptions = {
      concurrency: flags.concurrency,
      maxInfraRetries: flags.maxInfraRetries,
      retryInfra: flags.retryInfra === true,
      sandbox: flags.sandbox,
      ...(sandboxes === undefined ? {} : { sandboxes }),
      official: officialSettingsOf(plan, flags.officialBudget),
      infraRetryBaseMs: hiddenNumber(io, 'SWELANCER_INFRA_RETRY_BASE_MS') ?? 1000,
      attemptDelayMs: hiddenNumber(io, 'SWELANCER_ATTEMPT_DELAY_MS') ?? 0,
      signal: interrupt.signal,
      budget: spend,
      agentSandbox,
      secrets,
      logger,
      progress,
    };
    outcome = queue ? await queue.execute(prepared, options) : await executeRun(prepared, options);
  } finally {
    interrupt.release();
  }

  return printOutcome(outcome, flags, io);
}

/**
 * `--queue`: the URL (its password redacted from every log line) and the coordinator, loaded
 * only now so that a local run never loads bullmq.
 */
async function queueMode(flags: RunFlags, io: CliIo) {
  const [redis, { executeRunOnQueue }, { timingsFrom }] = await Promise.all([
    import('../../distributed/redis.ts'),
    import('../../distributed/coordinator.ts'),
    import('../../distributed/timings.ts'),
  ]);
  const url = redis.queueUrlOf(flags.queue, io.env);
  const timings = timingsFrom(io.env);
  return {
    secrets: redis.urlSecrets(url),
    execute: (prepared: PreparedRun, options: ExecuteRunOptions) =>
      executeRunOnQueue(prepared, {
        ...options,
        queueUrl: url,
        timings,
        ...(flags.maxSpend === undefined ? {} : { maxSpendUsd: flags.maxSpend }),
      }),
  };
}

function printOutcome(outcome: RunOutcome, flags: RunFlags, io: CliIo): number {
  io.stdout.write(flags.json ? `${JSON.stringify(outcome)}\n` : renderSummary(outcome));
  // Stopped early (Ctrl-C or the spend cap): the run is incomplete and can be resumed.
  if (outcome.interrupted) return EXIT.interrupted;
  // Every attempt of the plan, whichever session recorded it, broke in the environment:
  // a script must not take that for a run that worked.
  const finished = outcome.agents.reduce((n, a) => n + a.finished, 0);
  const infraErrors = outcome.agents.reduce((n, a) => n + a.infraErrors, 0);
  if (finished > 0 && infraErrors === finished) {
    io.stderr.write(
      `swelancer: nothing was measured: all ${finished} attempt(s) of this run ended as ` +
        'infra_error (the harness or its environment failed; ' +
        `\`swelancer report ${outcome.runDir}\` shows why). Fix the cause, then retry them: ` +
        `swelancer run --resume ${outcome.runDir} --retry-infra\n`,
    );
    return EXIT.infra;
  }
  return EXIT.ok;
}

function renderSummary(outcome: RunOutcome): string {
  const width = Math.max(...outcome.agents.map((a) => a.agent.length));
  const lines = outcome.agents.map((a) => formatAgentSummary(a, width));
  for (const group of outcome.skipped) lines.push(describeSkipped(group));
  if (outcome.stoppedBySpendCap) lines.push('stopped: the --max-spend cap was reached');
  if (outcome.interrupted) {
    const left = outcome.total - outcome.alreadyDone - outcome.recorded;
    lines.push(`interrupted: ${left} of ${outcome.total} attempts have no result yet`);
    lines.push(`resume with: swelancer run --resume ${outcome.runDir}`);
  }
  lines.push(`run directory: ${outcome.runDir}`);
  lines.push(`full report:   swelancer report ${outcome.runDir}`);
  return `${lines.join('\n')}\n`;
}

/** Model spend already recorded in a run, so that --max-spend caps the run as a whole. */
function spentSoFar(runDir: string): number {
  const reader = openRunStore(runDir, { readonly: true });
  try {
    // An unknown cost adds nothing it could be checked against (such models refuse a cap).
    return reader.results().reduce((total, result) => total + (result.costUsd ?? 0), 0);
  } finally {
    reader.close();
  }
}

/** Test hooks read from the environment; not flags, so they never change a run's plan. */
function hiddenNumber(io: CliIo, name: string): number | undefined {
  const text = io.env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) {
    throw new InputError('INPUT_INVALID', `${name}: expected a number ≥ 0, found "${text}"`);
  }
  return value;
}

function integer(value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError('expected an integer');
  return Number(value);
}

function positiveInt(value: string): number {
  const n = integer(value);
  if (n < 1) throw new InvalidArgumentError('expected an integer ≥ 1');
  return n;
}

function nonNegativeInt(value: string): number {
  const n = integer(value);
  if (n < 0) throw new InvalidArgumentError('expected an integer ≥ 0');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError('expected a number > 0');
  }
  return n;
}

function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new InvalidArgumentError('expected a number ≥ 0');
  }
  return n;
}
