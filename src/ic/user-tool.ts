import { chmod, copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { readFileIfExists } from '../sandbox/file-errors.ts';
import type { Sandbox, SandboxLimits, SandboxProvider } from '../sandbox/types.ts';
import type { ArtifactSink } from '../util/artifact-sink.ts';
import type { Logger } from '../util/logger.ts';
import { applyAndBuild, type IcMaterial, icWorkspaceSpec, serveAndRun } from './app-runtime.ts';
import { extractDiff } from './diff-extract.ts';
import { filterDiff } from './diff-filter.ts';
import { GRADE_DIR, SANDBOX_NODE, SANDBOX_SCRIPTS, SANDBOX_USER_FLOW } from './layout.ts';

/** What a person would see when trying the app (never assertions or pass/fail). */
export interface UserToolReport {
  ok: boolean;
  /** Artifact paths (relative to the run directory) of screenshots taken along the flow. */
  screenshots: string[];
  pageText: string;
  consoleErrors: string[];
  networkErrors: string[];
  /** Set when the app could not be built or served: what the build/serve printed. */
  problem: string | undefined;
}

export interface UserTool {
  run(): Promise<UserToolReport>;
}

export interface UserToolOptions {
  material: IcMaterial;
  /** The agent's own sandbox: its current code is read from here and never disturbed. */
  agentSandbox: Sandbox;
  sandboxes: SandboxProvider;
  artifacts: ArtifactSink;
  logger: Logger;
  limits?: SandboxLimits;
  /** Upper bound on walking the flow once the app is up. @default 120000 */
  flowTimeoutMs?: number;
}

export interface UserToolFile {
  name: string;
  data: Uint8Array;
}

/** The user tool plus the screenshot bytes of its last run (handed to CLI agents as files). */
export interface UserToolWithFiles extends UserTool {
  lastFiles(): UserToolFile[];
}

const runnerReport = z.object({
  screenshots: z.array(z.string()),
  pageText: z.string(),
  consoleErrors: z.array(z.string()),
  networkErrors: z.array(z.string()),
  problem: z.string().optional().nullable(),
});

/** Files a flow run leaves in the sandbox. */
const OUT_DIR = `${GRADE_DIR}/user-tool`;

/**
 * The user tool: builds and serves the agent's current code in a fresh sandbox (the clean
 * broken state + the agent's diff so far, filtered like a graded diff), walks the task's
 * user flow in Chromium and reports what a person would see. It never runs the hidden tests
 * and never says pass or fail. Returns undefined when the task has no user flow.
 */
export function createUserTool(options: UserToolOptions): UserToolWithFiles | undefined {
  const flow = options.material.ic.userFlow;
  if (!flow) return undefined;
  let runs = 0;
  let last: UserToolFile[] = [];
  return {
    lastFiles: () => last,
    async run(): Promise<UserToolReport> {
      runs += 1;
      last = [];
      const prefix = `user-tool/${runs}`;
      const diff = await extractDiff(options.agentSandbox, options.material.prepared);
      if (!diff.ok) return problemReport(`your changes could not be read: ${diff.reason}`);
      const filtered = filterDiff(diff.patch, {
        lockfiles: options.material.ic.codebase.lockfiles,
      });

      // Only the flow file is mounted, never the task folder around it (hidden tests).
      const flowDir = await mkdtemp(path.join(tmpdir(), 'swelancer-flow-'));
      const flowName = path.basename(flow);
      await copyFile(flow, path.join(flowDir, flowName));
      // Sandboxes run as their own uid and must be able to read the mounted folder.
      await chmod(flowDir, 0o755);
      await chmod(path.join(flowDir, flowName), 0o644);
      const sandbox = await options.sandboxes.create(
        icWorkspaceSpec(options.material, 'user-tool', {
          extraMounts: [{ hostPath: flowDir, sandboxPath: SANDBOX_USER_FLOW }],
          limits: options.limits,
        }),
      );
      try {
        const built = await applyAndBuild(sandbox, filtered.patch, options.material.ic.codebase);
        if (!built.ok) {
          const why = built.failedStep === 'build' ? 'the app does not build: ' : '';
          return problemReport(`${why}${built.reason}`);
        }
        const { codebase } = options.material.ic;
        const run = await serveAndRun(
          sandbox,
          codebase,
          [
            SANDBOX_NODE,
            `${SANDBOX_SCRIPTS}/user-flow-runner.ts`,
            `${SANDBOX_USER_FLOW}/${flowName}`,
            `http://127.0.0.1:${codebase.port}`,
            `${sandbox.workdir}/${OUT_DIR}`,
            String(options.flowTimeoutMs ?? 120_000),
          ],
          { timeoutMs: (options.flowTimeoutMs ?? 120_000) + 30_000 },
        );
        if (run.notServed) return problemReport(run.notServed);
        const raw = await readFileIfExists(sandbox, `${OUT_DIR}/report.json`);
        const parsed = raw
          ? runnerReport.safeParse(JSON.parse(Buffer.from(raw).toString('utf8')))
          : undefined;
        if (!parsed?.success) {
          return problemReport(
            `the browser run did not finish (exit ${run.result.exitCode}): ${run.result.stderr.trim().slice(-600)}`,
          );
        }
        const screenshots: string[] = [];
        for (const name of parsed.data.screenshots) {
          const data = await readFileIfExists(sandbox, `${OUT_DIR}/${name}`);
          if (!data) continue;
          screenshots.push(await options.artifacts.write(`${prefix}/${name}`, data));
          last.push({ name, data });
        }
        const report: UserToolReport = {
          ok: !parsed.data.problem,
          screenshots,
          pageText: parsed.data.pageText.slice(0, 20_000),
          consoleErrors: parsed.data.consoleErrors.slice(0, 50),
          networkErrors: parsed.data.networkErrors.slice(0, 50),
          problem: parsed.data.problem ?? undefined,
        };
        await options.artifacts.write(`${prefix}/report.json`, JSON.stringify(report, null, 2));
        return report;
      } finally {
        await sandbox.dispose().catch((error: unknown) => options.logger.warn(String(error)));
        await rm(flowDir, { recursive: true, force: true });
      }
    },
  };
}

function problemReport(problem: string): UserToolReport {
  return {
    ok: false,
    screenshots: [],
    pageText: '',
    consoleErrors: [],
    networkErrors: [],
    problem,
  };
}
