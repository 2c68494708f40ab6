/**
 * Whose fault is a broken test run? Decided here, in one place: when the hidden-test runner
 * yields no usable result on the agent's work, the clean broken state is graded the same way.
 * If the runner breaks there too, the harness or the machine is at fault (`InfraError`,
 * retried, never scored); otherwise the agent's changes broke the test run, which is a plain
 * failure. Never the other way round, or an agent could turn a failure into an unscored
 * infrastructure error.
 */
import { InfraError } from '../../errors.ts';
import type { ArtifactSink } from '../../util/artifact-sink.ts';
import { type GradeInput, gradeOnce, type IcGrade } from './grade.ts';

export async function gradeWithControl(input: GradeInput): Promise<IcGrade> {
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
