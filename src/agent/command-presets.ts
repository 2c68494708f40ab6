/**
 * Ready-made invocations of popular CLI coding agents for the `command` agent:
 * `--agent preset:claude-code`, `preset:codex?model=o3`, `preset:aider?model=gpt-4o`...
 * Each expands to a shell command run in the sandbox's workspace, reading the task prompt
 * from `$SWELANCER_ISSUE_FILE`, plus the environment variables to pass through (API keys).
 * docs/cli-agents.md documents each preset and how to write your own.
 */
import { describeProblem, InputError } from '../errors.ts';
import { isPassableVariable } from '../util/env-name.ts';
import type { CommandAgentOptions } from './command.ts';
import type { Agent } from './types.ts';

interface CommandModule {
  createCommandAgent(spec: CommandAgentOptions): Agent;
}

// A computed specifier: the command agent is loaded only when a preset is used.
const COMMAND_MODULE = './command.ts';

export interface CommandPreset {
  /** One line for `--help` and docs. */
  description: string;
  /** Parameters the preset understands (`?model=...`), with what they mean. */
  params: Readonly<Record<string, string>>;
  /** Host environment variables passed into the sandbox when set (keys, endpoints). */
  env: readonly string[];
  /**
   * What must be set for the CLI to work: of each group, at least one variable (e.g. one of
   * the keys the CLI accepts). Missing ones stop the run before it starts.
   */
  needs: readonly (readonly string[])[];
  /** The shell command; `p` holds shell-quoted parameter values. */
  command(p: Readonly<Record<string, string>>): string;
}

const PROMPT = '"$(cat "$SWELANCER_ISSUE_FILE")"';

/** `'text'` with embedded quotes escaped: safe as one shell word (always quoted). */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

const opt = (flag: string, value: string | undefined) => (value ? ` ${flag} ${value}` : '');

const AIDER_KEYS = [
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'GEMINI_API_KEY',
  'OPENROUTER_API_KEY',
  'DEEPSEEK_API_KEY',
];
const OPENCODE_KEYS = [
  'ANTHROPIC_API_KEY',
  'OPENAI_API_KEY',
  'GEMINI_API_KEY',
  'OPENROUTER_API_KEY',
];

export const COMMAND_PRESETS = {
  'claude-code': {
    description: 'Anthropic Claude Code in print mode, all tool permissions granted',
    params: {
      model: 'model alias or id (e.g. sonnet, claude-sonnet-4-5)',
      max_turns: 'agent turns',
    },
    env: [
      'ANTHROPIC_API_KEY',
      'ANTHROPIC_AUTH_TOKEN',
      'CLAUDE_CODE_OAUTH_TOKEN',
      'ANTHROPIC_BASE_URL',
    ],
    needs: [['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN']],
    command: (p) =>
      `claude -p ${PROMPT} --dangerously-skip-permissions --output-format stream-json --verbose${opt('--model', p.model)}${opt('--max-turns', p.max_turns)}`,
  },
  codex: {
    description: 'OpenAI Codex CLI, non-interactive exec with approvals and its own sandbox off',
    params: { model: 'model id (e.g. o3, gpt-5)' },
    env: ['OPENAI_API_KEY', 'OPENAI_BASE_URL'],
    needs: [['OPENAI_API_KEY']],
    command: (p) =>
      `codex exec --dangerously-bypass-approvals-and-sandbox --skip-git-repo-check${opt('--model', p.model)} ${PROMPT}`,
  },
  aider: {
    description: 'Aider with the prompt as a message file; edits stay uncommitted',
    params: { model: 'model id as aider names it (e.g. gpt-4o, sonnet)' },
    env: [...AIDER_KEYS, 'OPENAI_API_BASE'],
    needs: [AIDER_KEYS],
    command: (p) =>
      `aider --yes-always --no-auto-commits --no-check-update --no-show-model-warnings --no-pretty${opt('--model', p.model)} --message-file "$SWELANCER_ISSUE_FILE"`,
  },
  'gemini-cli': {
    description: 'Google Gemini CLI in non-interactive mode, all actions approved (yolo)',
    params: { model: 'model id (e.g. gemini-2.5-pro)' },
    env: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
    needs: [['GEMINI_API_KEY', 'GOOGLE_API_KEY']],
    command: (p) => `gemini --yolo${opt('--model', p.model)} -p ${PROMPT}`,
  },
  opencode: {
    description: 'opencode run, non-interactive',
    params: { model: 'provider/model (e.g. anthropic/claude-sonnet-4-5)' },
    env: OPENCODE_KEYS,
    needs: [OPENCODE_KEYS],
    command: (p) => `opencode run${opt('--model', p.model)} ${PROMPT}`,
  },
  template: {
    description:
      'Any CLI: `cmd` is a command where {issue_file} stands for the path of the prompt file',
    params: {
      cmd: 'the command, e.g. my-agent --task {issue_file}',
      env: 'comma-separated variables to pass',
    },
    env: [],
    needs: [],
    command: (p) => {
      if (!p.cmd) return '';
      // The value arrives shell-quoted; the template is meant to be a command, so unquote it.
      const raw = unquote(p.cmd);
      return raw.replaceAll('{issue_file}', '"$SWELANCER_ISSUE_FILE"');
    },
  },
} satisfies Record<string, CommandPreset>;

export type PresetName = keyof typeof COMMAND_PRESETS;

export interface ExpandedPreset {
  preset: PresetName;
  /** The shell command for the `command` agent. */
  command: string;
  /** Host variables to pass into the sandbox (only those set are passed). */
  env: string[];
  /** Groups of variables of which at least one must be set (see `CommandPreset.needs`). */
  needs: string[][];
  /** The agent label: `preset:<name>` plus its parameters, e.g. `preset:codex?model=o3`. */
  label: string;
}

/**
 * Expands `claude-code`, `codex?model=o3`, `template?cmd=...` (what follows `preset:`).
 * Unknown presets and parameters are InputErrors naming what exists.
 */
export function expandPreset(spec: string): ExpandedPreset {
  const where = `--agent preset:${spec}`;
  const question = spec.indexOf('?');
  const name = question === -1 ? spec : spec.slice(0, question);
  const query = new URLSearchParams(question === -1 ? '' : spec.slice(question + 1));
  if (!Object.hasOwn(COMMAND_PRESETS, name)) {
    throw new InputError(
      'FLAG_INVALID',
      describeProblem({
        file: where,
        expected: `a preset among ${Object.keys(COMMAND_PRESETS).join(', ')}`,
        found: name,
      }),
      { location: '--agent' },
    );
  }
  const preset: CommandPreset = COMMAND_PRESETS[name as PresetName];
  const params: Record<string, string> = {};
  for (const [key, value] of query) {
    if (!Object.hasOwn(preset.params, key)) {
      throw new InputError(
        'FLAG_INVALID',
        describeProblem({
          file: where,
          field: key,
          expected: `a parameter among ${Object.keys(preset.params).join(', ')}`,
          found: value,
        }),
        { location: '--agent' },
      );
    }
    params[key] = shellQuote(value);
  }
  const command = preset.command(params);
  if (command === '') {
    throw new InputError(
      'FLAG_INVALID',
      describeProblem({ file: where, field: 'cmd', expected: 'a command template', found: '' }),
      { location: '--agent' },
    );
  }
  const extraEnv = (query.get('env') ?? '').split(',').filter((v) => v !== '');
  for (const name of extraEnv) {
    if (!isPassableVariable(name)) {
      throw new InputError(
        'FLAG_INVALID',
        describeProblem({
          file: where,
          field: 'env',
          expected: 'comma-separated variable names, none of them PATH or SWELANCER_*',
          found: name,
        }),
        { location: '--agent' },
      );
    }
  }
  const sorted = [...query].sort(([a], [b]) => (a < b ? -1 : 1));
  const suffix = sorted.length ? `?${new URLSearchParams(sorted).toString()}` : '';
  return {
    preset: name as PresetName,
    command,
    env: [...preset.env, ...extraEnv],
    // The template's listed variables are what its command needs, each of them.
    needs: [...preset.needs.map((group) => [...group]), ...extraEnv.map((v) => [v])],
    label: `preset:${name}${suffix}`,
  };
}

/**
 * The values a preset passes into the sandbox, read from `env`; an `InputError` before the
 * run starts when something it needs is not set.
 */
export function presetEnv(
  expanded: ExpandedPreset,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  for (const group of expanded.needs) {
    if (group.some((name) => env[name])) continue;
    const [first, ...others] = group;
    throw new InputError(
      'FLAG_INVALID',
      `--agent ${expanded.label}: expected ${first}${others.length ? ` (or ${others.join(', ')})` : ''} ` +
        "set in the environment of swelancer (passed into the agent's sandbox for the CLI's " +
        `model API), found ${others.length ? 'none of them' : 'it'} unset`,
      { location: '--agent' },
    );
  }
  const values: Record<string, string> = {};
  for (const name of expanded.env) {
    const value = env[name];
    if (value) values[name] = value;
  }
  return values;
}

/** Values of the variables the `preset:` agents among `agentNames` pass: secrets to redact. */
export function presetSecrets(
  agentNames: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  return agentNames
    .filter((name) => name.startsWith('preset:'))
    .flatMap((name) => {
      try {
        return expandPreset(name.slice('preset:'.length)).env.flatMap((v) => env[v] ?? []);
      } catch {
        // An unknown preset is reported when the agent is created.
        return [];
      }
    });
}

/**
 * `--agent preset:<spec>`: the command agent running the expanded preset, with the variables
 * the preset declares passed from `env` into its sandbox (values are not part of the config).
 */
export async function createPresetAgent(
  spec: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<Agent> {
  const expanded = expandPreset(spec);
  const values = presetEnv(expanded, env);
  const { createCommandAgent } = (await import(COMMAND_MODULE)) as CommandModule;
  const agent = createCommandAgent({ command: expanded.command, env: values });
  return {
    label: expanded.label,
    config: { preset: expanded.label, command: agent.config },
    kinds: agent.kinds,
    run: (input) => agent.run(input),
  };
}

function unquote(quoted: string): string {
  return quoted.slice(1, -1).replaceAll(`'\\''`, "'");
}
