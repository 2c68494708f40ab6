/**
 * The plan of `swelancer run`: from the flags of a new run, or from the manifest of the run
 * being resumed (whose plan no flag may change). The canonical command line is derived from
 * it, so the command a run records always plans the same attempts.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AgentNetwork } from '../../environments/agent-sandbox.ts';
import {
  CODEBASE_NAMES,
  type CodebaseName,
  MONOLITH_CODEBASE,
} from '../../environments/manager-codebase.ts';
import { InputError } from '../../errors.ts';
import { openRunStore } from '../../store/run-store.ts';
import type { RunPlanInputs, TaskFilters } from '../../store/types.ts';
import type { OfficialSplit, PromptSource, TaskKind } from '../../task/types.ts';
import { type OfficialImageFlags, officialImageOf } from '../official-flags.ts';

export interface RunFlags extends OfficialImageFlags {
  agent?: string[];
  model?: string[];
  prices?: string;
  maxSpend?: number;
  attempts?: number;
  concurrency: number;
  kind?: TaskKind[];
  tag?: string[];
  id?: string[];
  minPrice?: number;
  maxPrice?: number;
  shuffleProposals?: boolean;
  seed?: number;
  runDir?: string;
  resume?: string;
  maxInfraRetries: number;
  retryInfra?: boolean;
  sandbox: string;
  agentNetwork?: AgentNetwork;
  agentEnv?: string[];
  agentPath?: string;
  split?: OfficialSplit;
  prompt?: PromptSource;
  codebase?: string[];
  categories?: string;
  json?: boolean;
  queue?: string | true;
  /** Seconds between heartbeat lines off a terminal. */
  heartbeat?: number;
}

/** Flags that define the plan: with `--resume` the plan comes from the run instead. */
export const PLAN_FLAGS = [
  ['agent', '--agent'],
  ['model', '--model'],
  ['attempts', '--attempts'],
  ['kind', '--kind'],
  ['tag', '--tag'],
  ['id', '--id'],
  ['minPrice', '--min-price'],
  ['maxPrice', '--max-price'],
  ['shuffleProposals', '--shuffle-proposals'],
  ['seed', '--seed'],
  ['runDir', '--run-dir'],
  ['agentNetwork', '--agent-network'],
  ['agentEnv', '--agent-env'],
  ['agentPath', '--agent-path'],
  ['split', '--split'],
  ['prompt', '--prompt'],
  ['codebase', '--codebase'],
  ['categories', '--categories'],
  ['officialImage', '--official-image'],
  ['officialImagePrefix', '--official-image-prefix'],
  ['officialImageTag', '--official-image-tag'],
] as const;

export function planFromFlags(
  source: string | undefined,
  flags: RunFlags,
  cwd: string,
): { plan: RunPlanInputs; runDir: string | undefined } {
  if (source === undefined) {
    throw new InputError(
      'FLAG_INVALID',
      'expected a suite source (a suite folder or a SWE-Lancer CSV file), or --resume <runDir>',
    );
  }
  const agentNames = [...(flags.agent ?? []), ...(flags.model ?? [])];
  if (agentNames.length === 0) {
    throw new InputError(
      'FLAG_INVALID',
      'expected at least one --agent or --model (e.g. --agent gold --model openai:gpt-4o)',
      { location: '--agent' },
    );
  }
  if (
    flags.minPrice !== undefined &&
    flags.maxPrice !== undefined &&
    flags.minPrice > flags.maxPrice
  ) {
    throw new InputError(
      'FLAG_INVALID',
      `--min-price ${flags.minPrice} is above --max-price ${flags.maxPrice}: expected min ≤ max`,
    );
  }
  const filters: TaskFilters = {
    kinds: flags.kind ?? [],
    tags: flags.tag ?? [],
    ids: flags.id ?? [],
    minPrice: flags.minPrice,
    maxPrice: flags.maxPrice,
    ...(flags.split === undefined ? {} : { split: flags.split }),
  };
  const absolute = resolve(cwd, source);
  const plan: RunPlanInputs = {
    source: existsSync(absolute) ? absolute : source,
    agents: agentNames,
    attempts: flags.attempts ?? 1,
    filters,
    shuffleProposals: flags.shuffleProposals ?? false,
    seed: flags.seed ?? 0,
  };
  // Recorded only when given, so manifests of runs without them stay as they were.
  if (flags.agentNetwork !== undefined) plan.agentNetwork = flags.agentNetwork;
  if (flags.agentEnv !== undefined) plan.agentEnv = [...new Set(flags.agentEnv)];
  if (flags.agentPath !== undefined) plan.agentPath = resolve(cwd, flags.agentPath);
  if (flags.prompt !== undefined) plan.prompt = flags.prompt;
  if (flags.codebase !== undefined) plan.codebases = codebases(flags.codebase, cwd);
  if (flags.categories !== undefined) plan.categories = resolve(cwd, flags.categories);
  const officialImage = officialImageOf(flags);
  if (officialImage) plan.officialImage = officialImage;
  return { plan, runDir: flags.runDir };
}

export function planFromRun(
  runDir: string,
  source: string | undefined,
  flags: RunFlags,
  cwd: string,
): { plan: RunPlanInputs; runDir: string } {
  const given = PLAN_FLAGS.filter(([name]) => flags[name] !== undefined).map(([, flag]) => flag);
  if (given.length > 0) {
    throw new InputError(
      'FLAG_INVALID',
      `--resume takes the plan from the run, so ${given.join(', ')} cannot be given with it ` +
        '(only -j, --max-infra-retries, --retry-infra, --sandbox, --pull, --official-budget, --prices, --max-spend, --queue and --json can change)',
    );
  }
  const dir = resolve(cwd, runDir);
  // The whole store is checked here, before anything runs: a damaged one is refused (exit 2).
  const reader = openRunStore(dir, { readonly: true, verify: true });
  const manifest = reader.manifest();
  reader.close();
  if (source !== undefined && resolve(cwd, source) !== manifest.plan.source) {
    throw new InputError(
      'FLAG_INVALID',
      `the run in ${dir} is of ${manifest.plan.source}, not ${source}: drop the source or start a new run`,
    );
  }
  return { plan: manifest.plan, runDir: dir };
}

/** `--codebase expensify=<path>` (repeatable, one path per name) as the plan records it. */
function codebases(values: readonly string[], cwd: string): RunPlanInputs['codebases'] {
  const out: NonNullable<RunPlanInputs['codebases']> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    const name = at === -1 ? value : value.slice(0, at);
    const dir = at === -1 ? '' : value.slice(at + 1);
    if (!(name in CODEBASE_NAMES) || dir === '') {
      throw new InputError(
        'FLAG_INVALID',
        `--codebase ${value}: expected <name>=<path> with a name among ${Object.entries(
          CODEBASE_NAMES,
        )
          .map(([n, what]) => `${n} (${what})`)
          .join(', ')}, e.g. --codebase expensify=../App`,
        { location: '--codebase' },
      );
    }
    const key = name as CodebaseName;
    if (out[key] !== undefined) {
      throw new InputError('FLAG_INVALID', `--codebase ${name} is given twice: expected one path`, {
        location: '--codebase',
      });
    }
    out[key] = dir === MONOLITH_CODEBASE ? dir : resolve(cwd, dir);
  }
  return out;
}

/** The canonical command for this plan: what to type to resume it (recorded in the run). */
export function commandLine(plan: RunPlanInputs, runDir: string | undefined): string[] {
  const f = plan.filters;
  return [
    'run',
    plan.source,
    ...plan.agents.flatMap((a) => ['--agent', a]),
    ...(plan.attempts === 1 ? [] : ['--attempts', String(plan.attempts)]),
    ...f.kinds.flatMap((k) => ['--kind', k]),
    ...f.tags.flatMap((t) => ['--tag', t]),
    ...f.ids.flatMap((i) => ['--id', i]),
    ...(f.minPrice === undefined ? [] : ['--min-price', String(f.minPrice)]),
    ...(f.maxPrice === undefined ? [] : ['--max-price', String(f.maxPrice)]),
    ...(f.split === undefined ? [] : ['--split', f.split]),
    ...(plan.shuffleProposals ? ['--shuffle-proposals'] : []),
    ...(plan.prompt === undefined ? [] : ['--prompt', plan.prompt]),
    ...Object.entries(plan.codebases ?? {}).flatMap(([name, dir]) => [
      '--codebase',
      `${name}=${dir}`,
    ]),
    ...(plan.categories === undefined ? [] : ['--categories', plan.categories]),
    ...(plan.seed === 0 ? [] : ['--seed', String(plan.seed)]),
    ...(plan.agentNetwork === undefined ? [] : ['--agent-network', plan.agentNetwork]),
    ...(plan.agentEnv ?? []).flatMap((name) => ['--agent-env', name]),
    ...(plan.agentPath === undefined ? [] : ['--agent-path', plan.agentPath]),
    ...(plan.officialImage === undefined
      ? []
      : [
          ...['--official-image', plan.officialImage.choice],
          ...['--official-image-prefix', plan.officialImage.prefix],
          ...['--official-image-tag', plan.officialImage.tag],
        ]),
    ...(runDir === undefined ? [] : ['--run-dir', runDir]),
  ];
}
