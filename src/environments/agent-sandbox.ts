/**
 * What the agent phase's sandbox may have beyond the default isolation, for CLI agents that
 * call their model API: the host's network (`--agent-network host`), variables of the
 * harness's environment such as API keys (`--agent-env NAME`), and a host folder of binaries
 * put first on PATH (`--agent-path DIR`). Only the sandbox the agent works in gets them:
 * grading and the user tool stay offline, without the variables. docs/cli-agents.md.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { describeProblem, InputError } from '../errors.ts';
import { SANDBOX_PATH } from '../sandbox/layout.ts';
import type { ExecOptions, ExecResult, Sandbox, WorkspaceSpec } from '../sandbox/types.ts';
import { wrapSandbox } from '../sandbox/wrap.ts';
import type { RunPlanInputs } from '../store/types.ts';
import { isPassableVariable } from '../util/env-name.ts';

export const AGENT_NETWORKS = ['none', 'host'] as const;
/** `none`: the sandbox's own loopback only (the default); `host`: the host's network. */
export type AgentNetwork = (typeof AGENT_NETWORKS)[number];

/** Where `--agent-path` appears inside the agent's sandbox (first on PATH). */
export const AGENT_BIN_DIR = '/opt/swelancer/agent/bin';

export interface AgentSandboxAccess {
  /** Part of every attempt key when `host`. @default 'none' */
  network?: AgentNetwork;
  /**
   * Set for every command the agent runs. The values are secrets: never part of a key, and
   * redacted from logs, artifacts and the store. @default {}
   */
  env?: Readonly<Record<string, string>>;
  /** Host folder mounted read-only at `AGENT_BIN_DIR` and put first on PATH. */
  binDir?: string;
}

/** The agent sandbox's spec: the purpose's own spec, with the access the run opted into. */
export function agentWorkspaceSpec(
  spec: WorkspaceSpec,
  access: AgentSandboxAccess | undefined,
): WorkspaceSpec {
  if (!access) return spec;
  return {
    ...spec,
    network: access.network === 'host' ? 'host' : spec.network,
    mounts: [
      ...(spec.mounts ?? []),
      ...(access.binDir ? [{ hostPath: access.binDir, sandboxPath: AGENT_BIN_DIR }] : []),
    ],
  };
}

/**
 * The sandbox as the agent gets it: every exec carries the opted-in variables and PATH. The
 * harness's own commands in that sandbox (diff extraction) use the sandbox itself.
 */
export function agentView(sandbox: Sandbox, access: AgentSandboxAccess | undefined): Sandbox {
  const base: Record<string, string> = { ...access?.env };
  if (access?.binDir) base.PATH = `${AGENT_BIN_DIR}:${SANDBOX_PATH}`;
  if (Object.keys(base).length === 0) return sandbox;
  return wrapSandbox(sandbox, {
    exec: (command: string | readonly string[], options: ExecOptions = {}): Promise<ExecResult> =>
      // The command's own variables win: the task's SWELANCER_* cannot be overridden.
      sandbox.exec(command, { ...options, env: { ...base, ...options.env } }),
  });
}

/**
 * The agent sandbox access a plan asks for, with the variables' values read from `env`.
 * Everything is checked before a run starts: a variable that is not set, a name the harness
 * owns, a binary folder the sandbox's user could not read.
 */
export function resolveAgentSandbox(
  plan: Pick<RunPlanInputs, 'agentNetwork' | 'agentEnv' | 'agentPath'>,
  env: NodeJS.ProcessEnv,
): AgentSandboxAccess {
  const values: Record<string, string> = {};
  for (const name of plan.agentEnv ?? []) {
    const flag = `--agent-env ${name}`;
    if (!isPassableVariable(name)) {
      const expected =
        name === 'PATH'
          ? 'a variable other than PATH (give a folder of binaries with --agent-path)'
          : 'a variable name ([A-Za-z_][A-Za-z0-9_]*) not starting with SWELANCER_';
      throw new InputError('FLAG_INVALID', describeProblem({ file: flag, expected, found: name }), {
        location: '--agent-env',
      });
    }
    const value = env[name];
    if (value === undefined) {
      throw new InputError(
        'FLAG_INVALID',
        `${flag}: expected ${name} to be set in the environment of swelancer (its value is ` +
          'passed into the agent sandbox), found it unset',
        { location: '--agent-env' },
      );
    }
    values[name] = value;
  }
  const access: AgentSandboxAccess = { network: plan.agentNetwork ?? 'none', env: values };
  if (plan.agentPath !== undefined) {
    checkReadableByOthers(plan.agentPath);
    access.binDir = plan.agentPath;
  }
  return access;
}

/**
 * Sandbox commands run as a uid of their own: the folder must be readable and searchable by
 * others, and every folder above it searchable (a mkdtemp folder is 0700).
 */
function checkReadableByOthers(dir: string): void {
  const problem = (expected: string, found: string) =>
    new InputError(
      'FLAG_INVALID',
      describeProblem({ file: `--agent-path ${dir}`, expected, found }),
      { location: '--agent-path' },
    );
  if (!path.isAbsolute(dir)) throw problem('an absolute path', dir);
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(dir);
  } catch {
    throw problem('an existing folder of agent binaries', 'nothing there');
  }
  if (!stats.isDirectory()) throw problem('a folder of agent binaries', 'a file');
  if ((stats.mode & 0o005) !== 0o005) {
    throw problem(
      'a folder others may read and search (the sandbox runs as its own user): chmod o+rx',
      `mode ${(stats.mode & 0o777).toString(8)}`,
    );
  }
  for (let up = path.dirname(dir); ; up = path.dirname(up)) {
    if ((statSync(up).mode & 0o001) === 0) {
      throw problem(`every folder above it searchable by others: chmod o+x ${up}`, up);
    }
    if (up === path.dirname(up)) break;
  }
}
