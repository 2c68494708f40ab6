import type { TestReport } from './playwright-report.ts';

/**
 * Pass = exit code 0 AND every expected test present and `expected` AND nothing else ran.
 * The count of passed tests only includes expected ids, so a report padded or rewritten by
 * the code under test earns no partial credit either.
 */
export function verdict(
  report: TestReport,
  exitCode: number | null,
  expectedTests: readonly string[],
): { passed: boolean; passedCount: number; explanation: string } {
  const byId = new Map(report.tests.map((t) => [t.id, t]));
  const passedIds = expectedTests.filter((id) => byId.get(id)?.status === 'expected');
  const missing = expectedTests.filter((id) => !byId.has(id));
  const unexpected = report.tests.filter((t) => !expectedTests.includes(t.id));
  const count = `${passedIds.length}/${expectedTests.length} hidden tests passed`;
  if (missing.length > 0 || unexpected.length > 0) {
    return {
      passed: false,
      passedCount: passedIds.length,
      explanation: `${count}; the test report does not match the hidden tests (missing: ${missing.length}, unknown: ${unexpected.length}), so it is not trusted`,
    };
  }
  const allPassed = passedIds.length === expectedTests.length;
  if (allPassed && exitCode === 0) {
    return {
      passed: true,
      passedCount: passedIds.length,
      explanation: `all ${expectedTests.length} hidden tests passed`,
    };
  }
  if (allPassed) {
    return {
      passed: false,
      passedCount: passedIds.length,
      explanation: `${count} by the report, but the test runner exited with ${exitCode}; a pass needs both`,
    };
  }
  const firstFailure = report.tests.find((t) => t.status !== 'expected');
  const why = firstFailure?.error
    ? `: ${firstFailure.id}: ${firstFailure.error.split('\n')[0]}`
    : '';
  return {
    passed: false,
    passedCount: passedIds.length,
    explanation: `${count}${why}`.slice(0, 600),
  };
}
