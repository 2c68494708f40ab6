/**
 * Agents by name, as `--agent` accepts them. Built-in agents are a literal map of lazy
 * factories; agent families take a spec after a prefix (`command:<cmd>`, `openai:gpt-4o`,
 * `anthropic:<model>`, `openai-compatible:<name>@<url>`) and are registered in
 * `AGENT_FAMILIES` by the modules that implement them.
 */
import { InputError } from '../errors.ts';
import type { CreateLlmAgentOptions } from './llm/create.ts';
import type { Agent } from './types.ts';

/**
 * What agent families may need besides their spec: model agents read API keys from `env`,
 * prices, limits and the run's spend meter. @default `{ env: process.env }`
 */
export type AgentOptions = CreateLlmAgentOptions;

const AGENTS = {
  gold: () => import('./gold.ts').then((m) => m.createGoldAgent()),
  noop: () => import('./noop.ts').then((m) => m.createNoopAgent()),
  random: () => import('./random.ts').then((m) => m.createRandomAgent()),
  longest: () => import('./heuristics.ts').then((m) => m.createHeuristicAgent('longest')),
  first: () => import('./heuristics.ts').then((m) => m.createHeuristicAgent('first')),
  last: () => import('./heuristics.ts').then((m) => m.createHeuristicAgent('last')),
  'most-code': () => import('./heuristics.ts').then((m) => m.createHeuristicAgent('most-code')),
} satisfies Record<string, () => Promise<Agent>>;

type AgentFamily = (spec: string, name: string, options: AgentOptions) => Promise<Agent>;

/** Model strings (`openai:gpt-4o`, ...) build the built-in LLM agent. */
const modelAgent: AgentFamily = (_spec, name, options) =>
  import('./llm/create.ts').then((m) => m.createLlmAgent(name, options));

/**
 * `<prefix>:<spec>` agents. Add a family here with a lazy import, e.g.
 * `command: (spec) => import('./command.ts').then((m) => m.createCommandAgent(spec))`.
 */
const AGENT_FAMILIES: Record<string, AgentFamily> = {
  command: (spec) => import('./command.ts').then((m) => m.createCommandAgent(spec)),
  preset: (spec, _name, options) =>
    import('./command-presets.ts').then((m) => m.createPresetAgent(spec, options.env)),
  patch: (spec) => import('./patch.ts').then((m) => m.createPatchAgent(spec)),
  openai: modelAgent,
  anthropic: modelAgent,
  'openai-compatible': modelAgent,
};

export type AgentName = keyof typeof AGENTS | (string & {});

/** The names `--agent` accepts: built-ins, then `<family>:...` patterns. */
export function agentNames(): string[] {
  return [...Object.keys(AGENTS), ...Object.keys(AGENT_FAMILIES).map((f) => `${f}:<spec>`)];
}

/** Creates the agent `name`; an unknown name is an `InputError` listing what exists. */
export async function createAgent(
  name: AgentName,
  options: AgentOptions = { env: process.env },
): Promise<Agent> {
  if (Object.hasOwn(AGENTS, name)) return AGENTS[name as keyof typeof AGENTS]();
  const colon = name.indexOf(':');
  if (colon > 0) {
    const family = name.slice(0, colon);
    const spec = name.slice(colon + 1);
    const create = Object.hasOwn(AGENT_FAMILIES, family) ? AGENT_FAMILIES[family] : undefined;
    if (create && spec.length > 0) return create(spec, name, options);
  }
  throw new InputError(
    'FLAG_INVALID',
    `unknown agent "${name}": expected one of ${agentNames().join(', ')}`,
    { location: '--agent' },
  );
}
