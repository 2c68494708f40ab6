import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Command, InvalidArgumentError } from '@commander-js/extra-typings';
import { presetSecrets } from '../../agent/command-presets.ts';
import { createAgent } from '../../agent/registry.ts';
import type { RunInfo } from '../../distributed/protocol.ts';
import type { AttachedRun, AttachTools } from '../../distributed/worker.ts';
import { resolveAgentSandbox } from '../../environments/agent-sandbox.ts';
import { loadPricesFile } from '../../model/prices-file.ts';
import { modelSecrets } from '../../model/resolve.ts';
import { officialSettingsOf, withOfficialImages } from '../../runner/official-images.ts';
import {
  defaultCacheDir,
  environmentOf,
  managerCodebaseOf,
  planNeedsSandbox,
  planRun,
} from '../../runner/run.ts';
import { selectTasks } from '../../runner/select.ts';
import type { SandboxProvider } from '../../sandbox/types.ts';
import type { Logger } from '../../util/logger.ts';
import { EXIT } from '../exit-codes.ts';
import { sandboxRegistryFor } from '../flag-parsers.ts';
import { interruptOnSignals } from '../interrupt.ts';
import { type CliIo, cliLogger } from '../io.ts';
import { loadRunSuite } from '../load-suite.ts';
import { pullProgress } from '../official-flags.ts';

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
      '--no-pull',
      "refuse a run whose official images this host lacks, instead of pulling them by the run's repo digests",
    )
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
  /** The sandbox provider this worker opens when it starts (undefined: it could not). */
  sandboxes?: Promise<SandboxProvider | undefined>;
  run?: string;
  prices?: string;
  /** Pull the run's official images this host lacks, by digest. @default true */
  pull: boolean;
}

async function workerCommand(given: string | undefined, flags: WorkerFlags, io: CliIo) {
  const [{ queueUrlOf, urlSecrets }, { runWorker }] = await Promise.all([
    import('../../distributed/redis.ts'),
    import('../../distributed/worker.ts'),
  ]);
  const url = queueUrlOf(given, io.env);
  const registry = await sandboxRegistryFor(flags.sandbox);
  // Model keys and --agent-env values come from this machine's environment, never the queue.
  const baseSecrets = [...modelSecrets(io.env), ...urlSecrets(url)];
  const logger = cliLogger(io, 'info', baseSecrets);
  // Not awaited: the worker waits for runs meanwhile, and a manager-only run never needs it.
  const sandboxes = openSandboxes(registry, flags.sandbox, logger);
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
      attach: (info, tools) =>
        attachRun(info, tools, { ...flags, sandboxes }, io, baseSecrets, logger),
      drain: interrupt.signal,
      logger,
    });
  } finally {
    interrupt.release();
  }
  return EXIT.ok;
}

/**
 * The run's attempts as this worker sees them: its own copy of the suite (the coordinator's
 * bundle, unpacked into the cache once per hash; or, for a suite too large to bundle, the
 * path the manifest names), planned again and checked against the run: the same official
 * image ids (an image this host lacks is first pulled by the run's repo digest), every task
 * with the same content hash, the same attempt keys. Otherwise the worker does not attach,
 * and says what differs.
 */
async function attachRun(
  info: RunInfo,
  tools: AttachTools,
  flags: WorkerFlags,
  io: CliIo,
  baseSecrets: readonly string[],
  logger: Logger,
): Promise<AttachedRun> {
  const [{ checkAttachable, keysDigest }, { unpackedSuite }] = await Promise.all([
    import('../../distributed/attach-checks.ts'),
    import('../../distributed/suite-bundle.ts'),
  ]);
  const { manifest } = info;
  const plan = manifest.plan;
  const agentSandbox = resolveAgentSandbox(plan, io.env);
  const secrets = [
    ...baseSecrets,
    ...presetSecrets(plan.agents, io.env),
    ...Object.values(agentSandbox.env ?? {}),
  ];
  const runLogger = cliLogger(io, 'info', secrets);
  const copy = info.bundle
    ? await unpackedSuite(info.bundle.hash, defaultCacheDir(io.env), () =>
        bundleWhenPublished(tools, info.bundle?.hash ?? ''),
      )
    : {
        source: plan.source,
        ...(plan.categories === undefined ? {} : { categories: plan.categories }),
      };
  const loaded = await loadRunSuite(copy.source, copy.categories);
  const spend = tools.spend;
  const agentOptions: Parameters<typeof createAgent>[1] = { env: io.env, spend, logger: runLogger };
  if (flags.prices) agentOptions.prices = await loadPricesFile(resolve(io.cwd, flags.prices));
  const agents = [];
  for (const name of plan.agents) agents.push(await createAgent(name, agentOptions));
  if (flags.sandbox === 'container' && manifest.images?.length) {
    await fetchRunImages(info.runDir, manifest.images, flags.pull, logger);
  }
  const { suite, images } = await withOfficialImages({
    suite: loaded,
    plan,
    agents,
    sandbox: flags.sandbox,
    pull: false,
  });
  const planning = planRun(selectTasks(suite.tasks, plan.filters, suite.origin), agents, plan);
  const attempts = new Map(planning.attempts.map((a) => [a.plan.key, a]));
  // Opening since the worker started: waited for only by a run that needs it and comes at once.
  const codebase = managerCodebaseOf(plan, manifest.images);
  const sandboxes = planNeedsSandbox(planning, codebase) ? await flags.sandboxes : undefined;
  checkAttachable(
    {
      runDir: info.runDir,
      images: manifest.images,
      tasks: info.tasks,
      keysDigest: info.keysDigest,
    },
    {
      images,
      tasks: new Map(suite.tasks.map((task) => [task.id, task.contentHash])),
      keysDigest: keysDigest(planning.attempts.map((a) => a.plan.key)),
    },
  );
  logger.info(
    `loaded ${suite.tasks.length} tasks of ${plan.source}` +
      (info.bundle
        ? ` (bundle ${info.bundle.hash.slice(0, 12)}, every task's content checked)`
        : ''),
  );
  return {
    attempts,
    fingerprint: {
      ...(info.bundle ? { suiteBundle: info.bundle.hash } : {}),
      ...(images.length > 0 ? { images: images.map((image) => `${image.name}@${image.id}`) } : {}),
    },
    context: {
      runSeed: plan.seed,
      environment: environmentOf(manifest, {
        sandbox: flags.sandbox,
        ...(sandboxes ? { sandboxes } : {}),
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

/** The run's official images on this worker's engine, pulled by digest where missing. */
async function fetchRunImages(
  runDir: string,
  images: NonNullable<RunInfo['manifest']['images']>,
  pull: boolean,
  logger: Logger,
): Promise<void> {
  const [{ default: Docker }, { resolveSocket }, { dockerImageEngine }, { fetchPinnedImages }] =
    await Promise.all([
      import('dockerode'),
      import('../../sandbox/container/index.ts'),
      import('../../official/images.ts'),
      import('../../distributed/pinned-images.ts'),
    ]);
  const docker = new Docker({ socketPath: resolveSocket({}), timeout: 60_000 });
  const engine = dockerImageEngine(docker, pullProgress(logger));
  await fetchPinnedImages({ runDir, images }, engine, { pull, log: logger.info });
}

/**
 * The worker's sandboxes, opened when it starts, as a local run opens them before its clock
 * starts: a run's first attempt does not wait for them (seconds on a loaded host), and what
 * killed harnesses of this host left behind (a worker's `kill -9` leaves its sandboxes) is
 * removed. Not available now (no container engine yet, say): a warning, and the first
 * attempt that needs one tries again.
 */
async function openSandboxes(
  registry: Awaited<ReturnType<typeof sandboxRegistryFor>>,
  name: string,
  logger: Logger,
): Promise<SandboxProvider | undefined> {
  try {
    const provider = await registry.openSandboxProvider(name, { logger });
    await registry.removeLeftovers(provider, logger);
    return provider;
  } catch (error) {
    logger.warn(
      `the ${name} sandbox cannot be opened now (${error instanceof Error ? error.message : String(error)}): ` +
        'each attempt that needs one tries again',
    );
    return undefined;
  }
}

/** The bundle, waited for a while when Redis lost it (the coordinator publishes it again). */
async function bundleWhenPublished(tools: AttachTools, hash: string): Promise<Buffer | null> {
  for (let tries = 0; ; tries++) {
    const data = await tools.readBundle(hash);
    if (data !== null || tries >= 30) return data;
    await sleep(1000);
  }
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
