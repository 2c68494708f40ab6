/**
 * `command`: runs any CLI coding agent (or script) inside the attempt's sandbox, e.g.
 * `--agent 'command:my-agent --yes "$SWELANCER_ISSUE_FILE"'`. Its work is whatever it leaves
 * changed in the workspace (IC) or the official `manager_decisions.json` it writes (manager).
 *
 * The command sees, as environment variables:
 * - `SWELANCER_ISSUE_FILE`: the issue (title + text) as markdown;
 * - `SWELANCER_PROMPT_FILE`: the full prompt the built-in agent would get;
 * - `SWELANCER_PRICE`, `SWELANCER_TASK_ID`, `SWELANCER_KIND`, `SWELANCER_WORKDIR`;
 * - `SWELANCER_USER_TOOL_DIR` (IC tasks with a user flow): write a file named `request` in
 *   that folder to ask for a user-tool run; the harness answers with `report.json` (and the
 *   screenshots) in `<dir>/<n>/` and then creates `<dir>/<n>/done`. See docs/ic-grading.md.
 */

import { TASK_DIR } from '../ic/layout.ts';
import type { UserToolWithFiles } from '../ic/user-tool.ts';
import { readTextIfExists } from '../sandbox/file-errors.ts';
import type { Sandbox } from '../sandbox/types.ts';
import { makeRedactor } from '../util/logger.ts';
import { MANAGER_DECISION_FILE } from './prompt-manager.ts';
import type { Agent, AgentOutcome, IcAgentInput, ManagerAgentInput, UserTool } from './types.ts';

export interface CommandAgentOptions {
  /** Shell command run with bash in the workspace. */
  command: string;
  /** Wall time of the command. @default 1800000, clamped to the sandbox's wall-time limit */
  timeoutMs?: number;
  /** How often the harness looks for user-tool requests. @default 500 */
  pollMs?: number;
  /**
   * Variables set for the command, e.g. the API keys a preset needs. Secrets: not part of
   * the config (nor the attempt key), redacted from `agent-output.txt`. @default {}
   */
  env?: Readonly<Record<string, string>>;
}

/** Files the harness puts in the workspace for the command (never part of the diff). */
const ISSUE_FILE = `${TASK_DIR}/issue.md`;
const PROMPT_FILE = `${TASK_DIR}/prompt.md`;
const USER_TOOL_DIR = `${TASK_DIR}/user-tool`;

export function createCommandAgent(spec: string | CommandAgentOptions): Agent {
  const options = typeof spec === 'string' ? { command: spec } : spec;
  return {
    label: `command:${options.command}`,
    config: { agent: 'command', command: options.command, timeoutMs: options.timeoutMs ?? null },
    kinds: ['ic_swe', 'swe_manager'],
    // It answers manager tasks through a file, so it needs a workspace even without code.
    needsWorkspace: 'always',
    run: (input) => (input.kind === 'ic_swe' ? runIc(input, options) : runManager(input, options)),
  };
}

async function runIc(input: IcAgentInput, options: CommandAgentOptions): Promise<AgentOutcome> {
  const { sandbox, task } = input;
  await writeTaskFiles(sandbox, `# ${task.title}\n\n${task.issue.trim()}\n`, input.prompt);
  const env = taskEnv(sandbox, task.id, task.price, 'ic_swe');
  if (input.userTool) env.SWELANCER_USER_TOOL_DIR = `${sandbox.workdir}/${USER_TOOL_DIR}`;
  const requests = input.userTool
    ? serveUserToolRequests(sandbox, input.userTool, options.pollMs ?? 500)
    : undefined;
  try {
    return await runCommand(input, sandbox, env, options);
  } finally {
    await requests?.stop();
  }
}

async function runManager(
  input: ManagerAgentInput,
  options: CommandAgentOptions,
): Promise<AgentOutcome> {
  const sandbox = input.workspace;
  if (!sandbox) {
    return {
      status: 'agent_error',
      selectedProposalId: null,
      reason:
        'the command agent needs a workspace to run in, and this manager attempt has none ' +
        '(the runner gives one to agents with needsWorkspace "always")',
    };
  }
  await writeTaskFiles(
    sandbox,
    `# ${input.task.title}\n\n${input.task.issue.trim()}\n`,
    input.prompt,
  );
  await sandbox.exec(['rm', '-f', MANAGER_DECISION_FILE], { timeoutMs: 30_000 });
  const env = taskEnv(sandbox, input.task.id, input.task.price, 'swe_manager');
  const outcome = await runCommand(input, sandbox, env, options);
  const answer = await readDecision(sandbox);
  return {
    ...outcome,
    selectedProposalId: answer.id,
    ...(answer.problem && outcome.status === 'completed' ? { reason: answer.problem } : {}),
  };
}

async function runCommand(
  input: IcAgentInput | ManagerAgentInput,
  sandbox: Sandbox,
  env: Record<string, string>,
  options: CommandAgentOptions,
): Promise<AgentOutcome> {
  const result = await sandbox.exec(['/bin/bash', '-c', options.command], {
    // The task's variables win over the preset's.
    env: { ...options.env, ...env },
    timeoutMs: options.timeoutMs ?? 1_800_000,
  });
  const redact = makeRedactor(Object.values(options.env ?? {}));
  await input.artifacts.write(
    'agent-output.txt',
    redact(
      `$ ${options.command}\n--- exit ${result.exitCode ?? result.signal}${result.timedOut ? ' (timed out)' : ''} in ${result.durationMs} ms\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    ),
  );
  // What a CLI agent spent on its model is invisible to the harness: unknown, not free.
  if (result.timedOut) {
    return {
      status: 'limit',
      reason: `the command ran past its time limit (${result.durationMs} ms)`,
      costUsd: null,
    };
  }
  if (result.exitCode !== 0) {
    const tail = redact(result.stderr.trim().split('\n').slice(-5).join(' | ').slice(0, 500));
    return {
      status: 'agent_error',
      reason: `the command exited with ${result.exitCode ?? result.signal}${tail ? `: ${tail}` : ''}`,
      costUsd: null,
    };
  }
  return { status: 'completed', costUsd: null };
}

async function writeTaskFiles(sandbox: Sandbox, issue: string, prompt: string): Promise<void> {
  // Created from inside, so the folder belongs to the sandbox user, who may write there.
  await sandbox.exec(['mkdir', '-p', TASK_DIR, USER_TOOL_DIR], { timeoutMs: 30_000 });
  await sandbox.writeFile(ISSUE_FILE, issue);
  await sandbox.writeFile(PROMPT_FILE, prompt);
}

function taskEnv(
  sandbox: Sandbox,
  id: string,
  price: number,
  kind: string,
): Record<string, string> {
  return {
    SWELANCER_ISSUE_FILE: `${sandbox.workdir}/${ISSUE_FILE}`,
    SWELANCER_PROMPT_FILE: `${sandbox.workdir}/${PROMPT_FILE}`,
    SWELANCER_PRICE: String(price),
    SWELANCER_TASK_ID: id,
    SWELANCER_KIND: kind,
    SWELANCER_WORKDIR: sandbox.workdir,
  };
}

/**
 * The official answer file: `{"selected_proposal_id": <id>}`. As in the official grader the
 * key is not checked, only that the first value is an integer id.
 */
async function readDecision(sandbox: Sandbox): Promise<{ id: number | null; problem?: string }> {
  // No file is no answer; a file that cannot be read leaves the answer unknown (thrown).
  const text = await readTextIfExists(sandbox, MANAGER_DECISION_FILE);
  if (text === undefined) return { id: null, problem: `no ${MANAGER_DECISION_FILE} was written` };
  try {
    const json: unknown = JSON.parse(text);
    const value =
      json && typeof json === 'object' && !Array.isArray(json) ? Object.values(json)[0] : undefined;
    const id = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof id === 'number' && Number.isInteger(id)) return { id };
    return {
      id: null,
      problem: `${MANAGER_DECISION_FILE} holds no integer proposal id: ${text.slice(0, 200)}`,
    };
  } catch {
    return { id: null, problem: `${MANAGER_DECISION_FILE} is not JSON: ${text.slice(0, 200)}` };
  }
}

/** Answers `request` files in the user-tool folder while the command runs. */
function serveUserToolRequests(
  sandbox: Sandbox,
  tool: UserTool,
  pollMs: number,
): { stop(): Promise<void> } {
  let stopped = false;
  let count = 0;
  const loop = (async () => {
    while (!stopped) {
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      if (stopped) break;
      const requested = await sandbox.readFile(`${USER_TOOL_DIR}/request`).then(
        () => true,
        () => false,
      );
      if (!requested) continue;
      count += 1;
      const dir = `${USER_TOOL_DIR}/${count}`;
      await sandbox.exec(['sh', '-c', `rm -f ${USER_TOOL_DIR}/request && mkdir -p ${dir}`], {
        timeoutMs: 30_000,
      });
      const report = await tool.run().catch((error: unknown) => ({
        ok: false,
        screenshots: [],
        pageText: '',
        consoleErrors: [],
        networkErrors: [],
        problem: `the user tool failed: ${error instanceof Error ? error.message : String(error)}`,
      }));
      const files = 'lastFiles' in tool ? (tool as UserToolWithFiles).lastFiles() : [];
      for (const file of files) await sandbox.writeFile(`${dir}/${file.name}`, file.data);
      await sandbox.writeFile(`${dir}/report.json`, JSON.stringify(report, null, 2));
      await sandbox.writeFile(`${dir}/done`, '');
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop.catch(() => undefined);
    },
  };
}
