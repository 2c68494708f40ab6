import { describe, expect, it } from 'vitest';
import { attempt, runOf, task } from '../../test/report-helpers.ts';
import { buildRunReport } from './run-report.ts';

const A = task('A', 1000);
const B = task('B', 3000);
const C = task('C', 500);

describe('the common pot', () => {
  it('is null when every agent scored the same tasks', () => {
    const report = buildRunReport(
      runOf(
        [A, B],
        [
          attempt(A, 'x', 0, 'passed'),
          attempt(B, 'x', 0, 'failed'),
          attempt(A, 'y', 0, 'failed'),
          attempt(B, 'y', 0, 'passed'),
        ],
      ),
      { resamples: 10 },
    );
    expect(report.commonPot).toBeNull();
  });

  it('gives the tasks every agent scored and what each earned of them', () => {
    const report = buildRunReport(
      runOf(
        [A, B, C],
        [
          attempt(A, 'x', 0, 'passed'),
          attempt(B, 'x', 0, 'passed'),
          attempt(C, 'x', 0, 'passed'),
          attempt(A, 'y', 0, 'failed'),
          attempt(A, 'y', 1, 'passed'),
          attempt(B, 'y', 0, 'passed'),
          // Lost to infra: not scored, so not in y's pot.
          attempt(C, 'y', 0, 'infra_error'),
        ],
      ),
      { resamples: 10 },
    );
    expect(report.commonPot).toEqual({
      tasks: 2,
      availableUsd: 4000,
      agents: [
        { agent: 'x', earnedUsd: 4000 },
        { agent: 'y', earnedUsd: 3500 },
      ],
    });
  });
});
