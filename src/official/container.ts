/**
 * One container of an official image, brought to where the official harness has it before
 * the agent starts (reference §2–§3): created with the environment its start-up reads,
 * ready once `/setup_done.txt` appears while it still runs, the app's history replaced by a
 * fresh baseline commit, the network cut. Harness steps run as `sh -c`, the official way;
 * the agent's and the playbook's commands as `bash -i -c`, so the image's `.bashrc` loads.
 */
import { randomBytes } from 'node:crypto';
import { InfraError, InputError } from '../errors.ts';
import type { ExecResult, ImageSandbox, Sandbox, SandboxProvider } from '../sandbox/types.ts';
import { wrapSandbox } from '../sandbox/wrap.ts';
import { shellJoin } from '../util/shell-quote.ts';
import { IMAGE_PATHS, type OfficialSettings } from './settings.ts';

export type Variant = 'ic_swe' | 'swe_manager';

/** An image resolved for a run: its name as given and its id, which pins its content. */
export interface PinnedImage {
  name: string;
  /** `sha256:…` of the image's configuration: a re-pushed tag gets another. */
  id: string;
}

export interface StartInput {
  sandboxes: SandboxProvider;
  image: PinnedImage;
  questionId: string;
  variant: Variant;
  /** Who the container is for, in its name: `agent`, `grading`, `user-tool`, … */
  purpose: string;
  /**
   * Leave the network on after start-up: only for an agent container of a run that opted
   * into `--agent-network host` (a CLI agent that calls its model API). @default false
   */
  keepNetwork?: boolean;
  settings: OfficialSettings;
  signal?: AbortSignal;
}

/** The shell the image expects for commands that need its `.bashrc` (conda, nvm, aliases). */
export const INTERACTIVE_SHELL = ['bash', '-i', '-c'] as const;

/**
 * A started container, ready (IC) and with its network cut. Throws `InfraError` when it does
 * not become ready within the budget or stops first (its start-up failed).
 */
export async function startOfficialContainer(input: StartInput): Promise<ImageSandbox> {
  const { sandboxes, image, questionId, variant, settings } = input;
  if (!sandboxes.createFromImage) {
    throw new InputError(
      'SANDBOX_UNAVAILABLE',
      `the official SWE-Lancer images need the container sandbox provider (--sandbox container), found ${sandboxes.name}`,
    );
  }
  const sandbox = await sandboxes.createFromImage({
    label: `official-${questionId}-${input.purpose}`,
    image: image.id,
    env: createEnvironment(questionId, variant),
    // A backstop for the hosts entries the start-up writes: they must survive the cut.
    extraHosts: ['dev.new.expensify.com:127.0.0.1', 'ws-mt1.pusher.com:127.0.0.1'],
    network: settings.network,
    shell: INTERACTIVE_SHELL,
    limits: { wallTimeMs: settings.gradingTimeoutMs, maxOutputBytes: 1024 ** 2 },
  });
  try {
    if (variant === 'ic_swe') await waitUntilReady(sandbox, image, settings, input.signal);
    if (!input.keepNetwork) await sandbox.cutNetwork();
    return sandbox;
  } catch (error) {
    await sandbox.dispose().catch(() => {});
    throw error;
  }
}

/**
 * What the official harness sets at create time: the task, the variant, Pusher credentials
 * fresh for each container (20, 20 and 7 characters) and a UTF-8 locale (ansible refuses
 * any other). An exec's environment would come too late for the services the start-up runs.
 */
export function createEnvironment(questionId: string, variant: Variant): Record<string, string> {
  return {
    ISSUE_ID: questionId,
    EVAL_VARIANT: variant,
    PUSHER_APP_KEY: randomText(20),
    PUSHER_APP_SECRET: randomText(20),
    PUSHER_APP_ID: String(1_000_000 + randomBytes(3).readUIntBE(0, 3)),
    LC_ALL: 'C.UTF-8',
  };
}

async function waitUntilReady(
  sandbox: ImageSandbox,
  image: PinnedImage,
  settings: OfficialSettings,
  signal: AbortSignal | undefined,
): Promise<void> {
  const deadline = performance.now() + settings.startupTimeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    const ready = await sandbox.exec(['sh', '-c', `cat ${IMAGE_PATHS.ready}`], {
      timeoutMs: 30_000,
    });
    if (ready.exitCode === 0 && ready.stdout.trim() === 'done') return;
    if (!(await sandbox.running())) {
      throw new InfraError(
        `the container of ${image.name} stopped before it was ready (${IMAGE_PATHS.ready} never appeared): its start-up failed`,
      );
    }
    if (performance.now() > deadline) {
      throw new InfraError(
        `the container of ${image.name} was not ready after ${Math.round(settings.startupTimeoutMs / 1000)} s (no ${IMAGE_PATHS.ready})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, settings.readyPollMs));
  }
}

/**
 * The app's history replaced by one commit of its current tree (reference §3 steps 5–6): the
 * upstream history holds the fix, and the agent's work is what differs from this commit.
 */
export async function commitFreshBaseline(sandbox: ImageSandbox): Promise<void> {
  await check(sandbox, 'rm -rf .git && git init -q');
  await check(
    sandbox,
    'git add -A && git -c user.name=temp -c user.email=temp@example.com commit -q --no-verify -m temp',
  );
}

/** A harness step as the official harness runs it (`sh -c`, root, the app folder). */
export async function check(sandbox: ImageSandbox, command: string): Promise<ExecResult> {
  const result = await sandbox.exec(['sh', '-c', command], { cwd: IMAGE_PATHS.app });
  if (result.exitCode !== 0) {
    throw new InfraError(
      `"${command}" failed in ${sandbox.id} (exit ${result.exitCode ?? result.signal}): ${result.stderr.trim().slice(0, 500)}`,
    );
  }
  return result;
}

/**
 * The container as the agent gets it: every command, given as a line or as argv, runs in the
 * image's interactive shell, so what its `.bashrc` sets up (conda, nvm, the PATH) is there
 * as in the official harness's own sessions. Harness steps use the container itself.
 */
export function throughInteractiveShell(sandbox: ImageSandbox): Sandbox {
  return wrapSandbox(sandbox, {
    exec: (command, options) =>
      sandbox.exec(
        [...INTERACTIVE_SHELL, typeof command === 'string' ? command : shellJoin(command)],
        options,
      ),
  });
}

function randomText(length: number): string {
  return randomBytes(length).toString('base64url').slice(0, length);
}
