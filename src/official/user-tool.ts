/**
 * The user tool of an official image (reference §4): the image's own `user-tool` flow (the
 * test playbook with traces on), run in a second container of the same image holding the
 * agent's current diff, never in the agent's container, which has no tests. The agent gets
 * what the official tool gives it: the trace folders in `/app/expensify/user_tool` and one
 * line saying so; never pass or fail.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { UserToolReport, UserToolWithFiles } from '../ic/user-tool.ts';
import { isSandboxFileNotFound } from '../sandbox/file-errors.ts';
import type { ImageSandbox, SandboxProvider } from '../sandbox/types.ts';
import type { ArtifactSink } from '../util/artifact-sink.ts';
import type { Logger } from '../util/logger.ts';
import {
  commitFreshBaseline,
  INTERACTIVE_SHELL,
  type PinnedImage,
  startOfficialContainer,
} from './container.ts';
import { IMAGE_PATHS, type OfficialSettings } from './settings.ts';
import { applyWork, readDiff } from './work.ts';

export interface OfficialUserToolInput {
  sandboxes: SandboxProvider;
  image: PinnedImage;
  questionId: string;
  settings: OfficialSettings;
  /** The agent's container: its diff is read from here and the output put back. */
  agentSandbox: ImageSandbox;
  baseline: string;
  artifacts: ArtifactSink;
  logger: Logger;
}

export function createOfficialUserTool(input: OfficialUserToolInput): UserToolWithFiles {
  let runs = 0;
  return {
    lastFiles: () => [],
    async run(): Promise<UserToolReport> {
      runs += 1;
      const report = await runOnce(input);
      await input.artifacts.write(`user-tool/${runs}/output.log`, report.log);
      return report.result;
    },
  };
}

async function runOnce(
  input: OfficialUserToolInput,
): Promise<{ result: UserToolReport; log: string }> {
  const problem = (text: string) => ({
    result: { ...EMPTY, ok: false, problem: text },
    log: text,
  });
  const diff = await readDiff(input.agentSandbox, input.baseline);
  if (!diff.ok) return problem(`your changes could not be read: ${diff.reason}`);
  const box = await startOfficialContainer({ ...input, variant: 'ic_swe', purpose: 'user-tool' });
  try {
    await commitFreshBaseline(box);
    const applied = await applyWork(box, diff.patch);
    if (!applied.ok) return problem(`your changes did not apply: ${applied.reason}`);
    const flow = await box.exec([...INTERACTIVE_SHELL, 'user-tool'], {
      cwd: IMAGE_PATHS.app,
      timeoutMs: input.settings.userToolTimeoutMs,
    });
    const log = `${flow.stdout}${flow.stderr}`;
    if (flow.timedOut) {
      return problem(
        `the user tool did not finish within ${Math.round(input.settings.userToolTimeoutMs / 1000)} s`,
      );
    }
    const copied = await handOver(box, input.agentSandbox);
    return {
      result: {
        ...EMPTY,
        ok: true,
        pageText: copied
          ? `User tool output is in ${IMAGE_PATHS.userToolOutput}`
          : 'The user tool wrote no output.',
      },
      log,
    };
  } finally {
    await box.dispose().catch((error: unknown) => input.logger.warn(String(error)));
  }
}

/** Moves the output folder from the tool's container into the agent's; false when there is none. */
async function handOver(from: ImageSandbox, to: ImageSandbox): Promise<boolean> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'swelancer-user-tool-'));
  try {
    const local = path.join(scratch, 'user_tool');
    try {
      await from.copyOut(IMAGE_PATHS.userToolOutput, local);
    } catch (error) {
      if (isSandboxFileNotFound(error)) return false;
      throw error;
    }
    await to.exec(['rm', '-rf', IMAGE_PATHS.userToolOutput]);
    await to.copyIn(local, IMAGE_PATHS.userToolOutput);
    return true;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

const EMPTY: UserToolReport = {
  ok: true,
  screenshots: [],
  pageText: '',
  consoleErrors: [],
  networkErrors: [],
  problem: undefined,
};
