/**
 * Whose fault is a grading that says nothing about the agent? Decided here, in one place.
 *
 * - When the hidden-test runner yields no usable result on the agent's work, the clean broken
 *   state is graded the same way. If the runner breaks there too, the harness or the machine is
 *   at fault (`InfraError`, retried, never scored); otherwise the agent's changes broke the
 *   test run, which is a plain failure. Never the other way round, or an agent could turn a
 *   failure into an unscored infrastructure error.
 * - When the only failures are running out of time (a test's own time budget, or the whole
 *   run's) on an overloaded machine, the machine looks exactly like a slow fix: the grading
 *   runs again in a fresh sandbox, up to `TIMEOUT_REGRADES` more times, and the first pass
 *   counts, as the official harness runs its tests up to three times. On a machine that is
 *   not overloaded a timeout is the fix's (tests that wait for what a broken app never shows
 *   time out too: grading them again would only triple their cost), and a failing assertion
 *   is never graded again. The agent gains nothing it could not have in the official harness.
 */
import { availableParallelism, loadavg } from 'node:os';
import { InfraError } from '../../errors.ts';
import type { ArtifactSink } from '../../util/artifact-sink.ts';
import { type GradeInput, type GradeOutcome, gradeOnce, type IcGrade } from './grade.ts';

/** Gradings after the first when every failure was a timeout: three runs in all. */
export const TIMEOUT_REGRADES = 2;

export interface ControlledGrade extends IcGrade {
  /** The explanations of earlier gradings that only timed out, oldest first. */
  timedOutGradings: string[];
}

/** A machine whose 1-minute load is past this many runnable tasks per core is overloaded. */
export const OVERLOAD_PER_CORE = 3;

/** Whether the machine is too busy now for a timeout to say anything about a fix. */
export function machineOverloaded(): boolean {
  return (loadavg()[0] ?? 0) > OVERLOAD_PER_CORE * availableParallelism();
}

export interface GradingDeps {
  gradeOnce: typeof gradeOnce;
  overloaded: () => boolean;
}

export async function gradeWithControl(
  input: GradeInput,
  deps: GradingDeps = { gradeOnce, overloaded: machineOverloaded },
): Promise<ControlledGrade> {
  const timedOutGradings: string[] = [];
  for (;;) {
    const again = timedOutGradings.length;
    const grade = await gradeOrBlameRunner(
      deps.gradeOnce,
      again === 0
        ? input
        : {
            ...input,
            // Each grading in a sandbox of its own, its evidence beside the first's.
            sandbox: undefined,
            artifacts: prefixedSink(input.artifacts, `regrade-${again}-`),
          },
    );
    const { onlyTimedOut, ...verdict } = grade;
    if (verdict.passed || !onlyTimedOut || again >= TIMEOUT_REGRADES || !deps.overloaded()) {
      return { ...verdict, timedOutGradings };
    }
    input.logger.warn(
      `only timeouts failed the hidden tests on an overloaded machine (load ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores: ${verdict.explanation}); grading again in a fresh sandbox (${again + 1}/${TIMEOUT_REGRADES})`,
    );
    timedOutGradings.push(verdict.explanation);
  }
}

async function gradeOrBlameRunner(
  gradeOnce: GradingDeps['gradeOnce'],
  input: GradeInput,
): Promise<Omit<GradeOutcome, 'runnerBroken'>> {
  const { runnerBroken, ...grade } = await gradeOnce(input);
  if (!runnerBroken) return grade;
  if (input.patch.length > 0) {
    const control = await gradeOnce({
      ...input,
      patch: new Uint8Array(0),
      // A sandbox of its own: the one made in advance was the agent's grading's.
      sandbox: undefined,
      artifacts: prefixedSink(input.artifacts, 'control-'),
    });
    if (!control.runnerBroken) return grade;
    throw new InfraError(
      `the hidden-test runner failed on the clean broken state too: ${control.explanation}`,
    );
  }
  throw new InfraError(
    `the hidden-test runner failed on the clean broken state too: ${grade.explanation}`,
  );
}

/** Writes a second grading's artifacts beside the first without overwriting them. */
function prefixedSink(artifacts: ArtifactSink, prefix: string): ArtifactSink {
  return { write: (name, data) => artifacts.write(`${prefix}${name}`, data) };
}
