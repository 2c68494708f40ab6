import { describe, expect, it } from 'vitest';
import { onlyTimeoutsFailed } from './grade.ts';
import { parsePlaywrightReport, type TestReport } from './playwright-report.ts';
import { verdict } from './verdict.ts';

const EXPECTED = ['cart.spec.ts › adds an item', 'cart.spec.ts › removes an item'];

/** A Playwright JSON report with one spec file holding `tests` (title → status). */
function reportText(tests: Record<string, string>, error?: string): string {
  return JSON.stringify({
    suites: [
      {
        title: 'cart.spec.ts',
        file: 'cart.spec.ts',
        specs: Object.entries(tests).map(([title, status]) => ({
          title,
          tests: [
            {
              status,
              results: [
                {
                  status: 'x',
                  duration: 10,
                  ...(error && status !== 'expected'
                    ? { error: { message: `\u001b[31m${error}\u001b[39m\nstack` } }
                    : {}),
                },
              ],
            },
          ],
        })),
      },
    ],
    stats: {
      startTime: '2026-01-01T00:00:00.000Z',
      duration: 1234,
      expected: 0,
      unexpected: 0,
      flaky: 0,
      skipped: 0,
    },
  });
}

function report(tests: Record<string, string>, error?: string): TestReport {
  const parsed = parsePlaywrightReport(reportText(tests, error));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.report;
}

describe('the IC verdict', () => {
  it('passes only when every expected test passed and the runner exited 0', () => {
    const all = report({ 'adds an item': 'expected', 'removes an item': 'expected' });
    expect(verdict(all, 0, EXPECTED)).toEqual({
      passed: true,
      passedCount: 2,
      explanation: 'all 2 hidden tests passed',
    });
    const exited1 = verdict(all, 1, EXPECTED);
    expect(exited1.passed).toBe(false);
    expect(exited1.explanation).toMatch(/runner exited with 1; a pass needs both/);
  });

  it('names the first failing test and its error, without terminal colours', () => {
    const one = report(
      { 'adds an item': 'expected', 'removes an item': 'unexpected' },
      'expected 0 to be 1',
    );
    const outcome = verdict(one, 1, EXPECTED);
    expect(outcome).toMatchObject({ passed: false, passedCount: 1 });
    expect(outcome.explanation).toBe(
      '1/2 hidden tests passed: cart.spec.ts › removes an item: expected 0 to be 1',
    );
  });

  it('does not trust a report with a test missing, even at exit 0', () => {
    const short = report({ 'adds an item': 'expected' });
    const outcome = verdict(short, 0, EXPECTED);
    expect(outcome.passed).toBe(false);
    expect(outcome.explanation).toMatch(/missing: 1, unknown: 0\), so it is not trusted/);
  });

  it('does not trust a report padded with tests that are not hidden tests', () => {
    const padded = report({
      'adds an item': 'expected',
      'removes an item': 'expected',
      'always passes': 'expected',
    });
    const outcome = verdict(padded, 0, EXPECTED);
    expect(outcome.passed).toBe(false);
    expect(outcome.passedCount).toBe(2);
    expect(outcome.explanation).toMatch(/missing: 0, unknown: 1/);
  });

  it('counts a skipped or flaky test as not passed', () => {
    const skipped = report({ 'adds an item': 'skipped', 'removes an item': 'flaky' });
    const outcome = verdict(skipped, 0, EXPECTED);
    expect(outcome).toMatchObject({ passed: false, passedCount: 0 });
  });
});

describe('parsePlaywrightReport', () => {
  it('reads ids as file › title, the run time and its start', () => {
    const parsed = report({ 'adds an item': 'expected' });
    expect(parsed.tests.map((t) => t.id)).toEqual(['cart.spec.ts › adds an item']);
    expect(parsed.durationMs).toBe(1234);
    expect(parsed.startedAtMs).toBe(Date.parse('2026-01-01T00:00:00.000Z'));
  });

  it('says why a text is not a report', () => {
    expect(parsePlaywrightReport('not json')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^the test report is not JSON/),
    });
    expect(parsePlaywrightReport('{"suites": 3}')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^the test report has an unexpected shape/),
    });
  });
});

describe('a failure that only ran out of time', () => {
  it('is one where every failing hidden test hit its own time budget', () => {
    const timeout = 'Test timeout of 30000ms exceeded.';
    const timedOut = report(
      { 'adds an item': 'expected', 'removes an item': 'unexpected' },
      timeout,
    );
    expect(onlyTimeoutsFailed(timedOut, EXPECTED)).toBe(true);
    const assertion = report(
      { 'adds an item': 'unexpected', 'removes an item': 'expected' },
      'expect(received).toBe(expected)',
    );
    expect(onlyTimeoutsFailed(assertion, EXPECTED)).toBe(false);
    // A report that does not list exactly the hidden tests is not trusted either way.
    const padded = report({ 'adds an item': 'unexpected' }, timeout);
    expect(onlyTimeoutsFailed(padded, EXPECTED)).toBe(false);
    const allPassed = report({ 'adds an item': 'expected', 'removes an item': 'expected' });
    expect(onlyTimeoutsFailed(allPassed, EXPECTED)).toBe(false);
  });
});
