import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from '@commander-js/extra-typings';
import { presetSecrets } from '../../agent/command-presets.ts';
import { createAgent } from '../../agent/registry.ts';
import type { RunInfo } from '../../distributed/protocol.ts';
import type { AttachedRun } from '../../distributed/worker.ts';
import { resolveAgentSandbox } from '../../environments/agent-sandbox.ts';
import { loadPricesFile } from '../../model/prices-file.ts';
import { modelSecrets } from '../../model/resolve.ts';
import type { SpendMeter } from '../../model/spend.ts';
import { officialSettingsOf, withOfficialImages } from '../../runner/official-images.ts';
import { environmentOf, planRun } from '../../runner/run.ts';
import { selectTasks } from '../../runner/select.ts';
import type { Logger } from '../../util/logger.ts';
import { EXIT } from '../exit-codes.ts';
import { sandboxRegistryFor } from '../flag-parsers.ts';
import { interruptOnSignals } from '../interrupt.ts';
import { type CliIo, cliLogger } from '../io.ts';
import { loadRunSuite } from '../load-suite.ts';

export function register(program: Command, io: CliIo): void {
  program
    .command('worker')
    .description(
      'Run the attempts of runs started with `swelancer run … --queue <redis-url>`, on this machine',
    )
    .argument('[redis-url]', 'the Redis of the queue (default: $SWELANCER_REDIS_URL)')
    .option('-j, --concurrency <n>', 'attempts in flight on this worker', positiveInt, 1)
    .option('--sandbox <provider>', 'sandbox for IC attempts and manager workspaces', 'local')
    .option('--run <id>', 'serve only this run (its plan id), not the oldest one on the queue')
    .option(
      '--prices <file>',
      'JSON file of model prices (USD per million tokens) over the built-in table',
    )
    .action(async (url, flags) => {
      process.exitCode = await workerCommand(url, flags, io);
    });
}

interface WorkerFlags {
  concurrency: number;
  sandbox: string;
  run?: string;
  prices?: string;
}

async function workerCommand(given: string | undefined, flags: WorkerFlags, io: CliIo) {
  const [{ queueUrlOf, urlSecrets }, { runWorker }] = await Promise.all([
    import('../../distributed/redis.ts'),
    import('../../distributed/worker.ts'),
  ]);
  const url = queueUrlOf(given, io.env);
  await sandboxRegistryFor(flags.sandbox);
  // Model keys and --agent-env values come from this machine's environment, never the queue.
  const baseSecrets = [...modelSecrets(io.env), ...urlSecrets(url)];
  const logger = cliLogger(io, 'info', baseSecrets);
  const interrupt = interruptOnSignals(
    logger,
    () => io.stderr.write('quit: attempts in flight will be delivered to another worker\n'),
    'draining: no new attempt; finishing those in flight (again to quit at once)',
  );
  try {
    await runWorker({
      url,
      concurrency: flags.concurrency,
      sandbox: flags.sandbox,
      ...(flags.run === undefined ? {} : { runId: flags.run }),
      attach: (info, spend) => attachRun(info, spend, flags, io, baseSecrets, logger),
      drain: interrupt.signal,
      logger,
    });
  } finally {
    interrupt.release();
  }
  return EXIT.ok;
}

/**
 * The run's attempts as this worker sees them: its own copy of the suite (the path the
 * manifest names: a filesystem shared with the coordinator, for now), planned again. Keys
 * hash each task's content, so an attempt whose task differs here is not found and is
 * refused rather than run on other content.
 */
async function attachRun(
  info: RunInfo,
  spend: SpendMeter,
  flags: WorkerFlags,
  io: CliIo,
  baseSecrets: readonly string[],
  logger: Logger,
): Promise<AttachedRun> {
  const { manifest } = info;
  const plan = manifest.plan;
  const agentSandbox = resolveAgentSandbox(plan, io.env);
  const secrets = [
    ...baseSecrets,
    ...presetSecrets(plan.agents, io.env),
    ...Object.values(agentSandbox.env ?? {}),
  ];
  const runLogger = cliLogger(io, 'info', secrets);
  const loaded = await loadRunSuite(plan.source, plan.categories);
  const agentOptions: Parameters<typeof createAgent>[1] = { env: io.env, spend, logger: runLogger };
  if (flags.prices) agentOptions.prices = await loadPricesFile(resolve(io.cwd, flags.prices));
  const agents = [];
  for (const name of plan.agents) agents.push(await createAgent(name, agentOptions));
  const { suite } = await withOfficialImages({
    suite: loaded,
    plan,
    agents,
    sandbox: flags.sandbox,
    pull: false,
  });
  const planning = planRun(selectTasks(suite.tasks, plan.filters, suite.origin), agents, plan);
  const attempts = new Map(planning.attempts.map((a) => [a.plan.key, a]));
  logger.info(`loaded ${suite.tasks.length} tasks of ${plan.source}`);
  return {
    attempts,
    context: {
      runSeed: plan.seed,
      environment: environmentOf(manifest, {
        sandbox: flags.sandbox,
        agentSandbox,
        official: info.official ?? officialSettingsOf(plan),
        logger: runLogger,
      }),
      secrets,
      attemptDelayMs: hiddenDelay(io),
      logger: runLogger,
    },
  };
}

/** `SWELANCER_ATTEMPT_DELAY_MS`: the same test hook as a local run's (kills mid-attempt). */
function hiddenDelay(io: CliIo): number {
  const value = Number(io.env.SWELANCER_ATTEMPT_DELAY_MS ?? 0);
  return Number.isFinite(value) && value > 0 ? value : 0;
}

function positiveInt(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) {
    throw new InvalidArgumentError('expected an integer ≥ 1');
  }
  return Number(value);
}
