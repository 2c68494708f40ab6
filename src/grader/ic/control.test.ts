import { describe, expect, it } from 'vitest';
import { InfraError } from '../../errors.ts';
import type { ArtifactSink } from '../../util/artifact-sink.ts';
import { gradeWithControl, TIMEOUT_REGRADES } from './control.ts';
import type { GradeInput, GradeOutcome } from './grade.ts';

const passed: GradeOutcome = {
  passed: true,
  explanation: 'all 2 hidden tests passed',
  testsPassed: 2,
  testsTotal: 2,
  gradeMs: 1,
  testRuntimeMs: 1,
  tests: {},
  stepsMs: {},
  runnerBroken: false,
  onlyTimedOut: false,
};
const timedOut: GradeOutcome = {
  ...passed,
  passed: false,
  explanation: '1/2 hidden tests passed: Test timeout of 30000ms exceeded.',
  testsPassed: 1,
  onlyTimedOut: true,
};
const assertionFailed: GradeOutcome = { ...timedOut, onlyTimedOut: false };
const runnerBroken: GradeOutcome = { ...timedOut, onlyTimedOut: false, runnerBroken: true };

/** Grades through `outcomes` in turn, noting the size of the patch each grading applied. */
function scripted(outcomes: GradeOutcome[]) {
  const patchSizes: number[] = [];
  const gradeOnce = async (input: GradeInput): Promise<GradeOutcome> => {
    await input.artifacts.write('grade-output.txt', '');
    const next = outcomes.shift();
    if (!next) throw new Error('graded more often than scripted');
    patchSizes.push(input.patch.length);
    return next;
  };
  return { gradeOnce, patchSizes };
}

function input(written: string[]): GradeInput {
  const artifacts: ArtifactSink = {
    write: async (name) => {
      written.push(name);
      return name;
    },
  };
  const logger = { info() {}, warn() {}, error() {}, debug() {} };
  return {
    patch: new Uint8Array([1]),
    artifacts,
    logger,
    expectedTests: ['a', 'b'],
  } as unknown as GradeInput;
}

describe('grading with control', () => {
  it('grades again, in a fresh sandbox, a failure that only timed out on an overloaded machine', async () => {
    const { gradeOnce } = scripted([timedOut, passed]);
    const written: string[] = [];
    const grade = await gradeWithControl(input(written), { gradeOnce, overloaded: () => true });
    expect(grade.passed).toBe(true);
    expect(grade.timedOutGradings).toEqual([timedOut.explanation]);
    expect(written).toEqual(['grade-output.txt', 'regrade-1-grade-output.txt']);
  });

  it('stops after the official number of runs', async () => {
    const { gradeOnce } = scripted(Array.from({ length: TIMEOUT_REGRADES + 1 }, () => timedOut));
    const grade = await gradeWithControl(input([]), { gradeOnce, overloaded: () => true });
    expect(grade.passed).toBe(false);
    expect(grade.timedOutGradings).toHaveLength(TIMEOUT_REGRADES);
  });

  it('never grades again a failing assertion, or a timeout on a machine that is not overloaded', async () => {
    for (const [outcome, overloaded] of [
      [assertionFailed, true],
      [timedOut, false],
    ] as const) {
      const { gradeOnce } = scripted([outcome]);
      const grade = await gradeWithControl(input([]), { gradeOnce, overloaded: () => overloaded });
      expect(grade).toMatchObject({ passed: false, timedOutGradings: [] });
    }
  });

  it('blames the machine only when the runner breaks on the clean broken state too', async () => {
    const agentsFault = scripted([runnerBroken, assertionFailed]);
    const grade = await gradeWithControl(input([]), {
      gradeOnce: agentsFault.gradeOnce,
      overloaded: () => false,
    });
    expect(grade.passed).toBe(false);
    // The control grading applies no patch: the clean broken state.
    expect(agentsFault.patchSizes).toEqual([1, 0]);
    const machinesFault = scripted([runnerBroken, runnerBroken]);
    await expect(
      gradeWithControl(input([]), { gradeOnce: machinesFault.gradeOnce, overloaded: () => false }),
    ).rejects.toBeInstanceOf(InfraError);
  });
});
