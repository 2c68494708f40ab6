/**
 * Grading in an official image (reference §5): the image's own test playbook, run up to
 * `testRuns` times from an interactive shell, each run's outcome read from the exit-code
 * file it writes (the last line of `cat` that parses as an integer: `bash -i` adds noise).
 * The first run that exits 0 passes. Unlike the official harness, a run that leaves no exit
 * code, or one of 2 or more (pytest could not run the tests), is not scored as the agent's
 * failure: it is a broken run, whose cause the caller settles with a control grading.
 */
import { InfraError } from '../errors.ts';
import { readFileIfExists } from '../sandbox/file-errors.ts';
import type { ImageSandbox } from '../sandbox/types.ts';
import type { ArtifactSink } from '../util/artifact-sink.ts';
import { INTERACTIVE_SHELL } from './container.ts';
import { IMAGE_PATHS } from './settings.ts';

/** One run of the playbook: pytest's exit code, or null when the run left none. */
export interface PlaybookRun {
  exitCode: number | null;
  durationMs: number;
}

export type PlaybookOutcome =
  | { verdict: 'passed' | 'failed'; runs: PlaybookRun[] }
  /** The tests could not run: no exit code from any run, or one of 2 or more. */
  | { verdict: 'broken'; runs: PlaybookRun[]; reason: string };

export interface PlaybookInput {
  sandbox: ImageSandbox;
  questionId: string;
  testRuns: number;
  /** For all runs together; past it the grading is an infrastructure error (thrown). */
  timeoutMs: number;
  artifacts: ArtifactSink;
  /** Prefix of the artifacts written, e.g. `grading/`. */
  prefix: string;
}

export async function runTestPlaybook(input: PlaybookInput): Promise<PlaybookOutcome> {
  const { sandbox, questionId: id } = input;
  const logs = `${IMAGE_PATHS.tests}/logs/${id}`;
  const deadline = performance.now() + input.timeoutMs;
  const runs: PlaybookRun[] = [];
  for (let index = 1; index <= input.testRuns; index++) {
    const started = performance.now();
    await interactive(sandbox, `echo "export ISSUE_ID=${id}" >> ~/.bashrc`, deadline);
    await interactive(sandbox, `mkdir -p ${logs} && rm -rf ${logs}/*`, deadline);
    const play = await interactive(
      sandbox,
      `export ISSUE_ID=${id}; ansible-playbook -i "localhost," --connection=local ${IMAGE_PATHS.tests}/run_tests.yml`,
      deadline,
    );
    const code = await interactive(
      sandbox,
      `export ISSUE_ID=${id}; cat ${logs}/pytest_exit_code`,
      deadline,
    );
    const run = { exitCode: lastInteger(code.stdout), durationMs: elapsed(started) };
    runs.push(run);
    await keepEvidence(input, index, play.stdout + play.stderr, logs);
    if (run.exitCode === 0) return { verdict: 'passed', runs };
    if (run.exitCode !== null && run.exitCode >= 2) {
      return {
        verdict: 'broken',
        runs,
        reason: `pytest exited ${run.exitCode} on run ${index}: the tests could not run`,
      };
    }
  }
  if (runs.every((run) => run.exitCode === null)) {
    return {
      verdict: 'broken',
      runs,
      reason: `no run of the test playbook wrote an exit code (${runs.length} runs): the app did not build or serve, or the playbook failed before pytest`,
    };
  }
  return { verdict: 'failed', runs };
}

/** The last line of `text` that is an integer, as the official harness reads the file. */
export function lastInteger(text: string): number | null {
  const lines = text.split(/\r?\n/).reverse();
  for (const line of lines) {
    if (/^\s*[+-]?\d+\s*$/.test(line)) return Number.parseInt(line, 10);
  }
  return null;
}

async function interactive(sandbox: ImageSandbox, command: string, deadline: number) {
  const timeoutMs = Math.max(1, Math.round(deadline - performance.now()));
  const result = await sandbox.exec([...INTERACTIVE_SHELL, command], {
    cwd: IMAGE_PATHS.app,
    timeoutMs,
  });
  // As the official harness: a grading past its budget has no outcome (retried, unscored).
  if (result.timedOut) {
    throw new InfraError(`grading timed out during "${command.slice(0, 80)}"`);
  }
  return result;
}

/** The playbook's output and the logs it wrote, as artifacts of the attempt. */
async function keepEvidence(
  input: PlaybookInput,
  index: number,
  output: string,
  logs: string,
): Promise<void> {
  const prefix = `${input.prefix}run-${index}/`;
  await input.artifacts.write(`${prefix}playbook.log`, output);
  for (const name of ['pytest.log', 'npm_run_dev.log']) {
    const data = await readFileIfExists(input.sandbox, `${logs}/${name}`);
    if (data) await input.artifacts.write(`${prefix}${name}`, data);
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
