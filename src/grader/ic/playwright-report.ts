import { z } from 'zod';

/**
 * The part of Playwright's JSON reporter output the grader relies on. Parsed leniently
 * (unknown fields pass through) but the fields used must have the right shape.
 */
const attachmentSchema = z.object({
  name: z.string(),
  contentType: z.string(),
  path: z.string().optional(),
});
const resultSchema = z.object({
  status: z.string(),
  duration: z.number(),
  error: z.object({ message: z.string().optional() }).loose().optional(),
  attachments: z.array(attachmentSchema.loose()).optional(),
});
const testSchema = z.object({
  status: z.string(),
  results: z.array(resultSchema),
});
const specSchema = z.object({
  title: z.string(),
  file: z.string().optional(),
  tests: z.array(testSchema),
});
interface SuiteShape {
  title: string;
  file?: string | undefined;
  specs?: z.infer<typeof specSchema>[] | undefined;
  suites?: SuiteShape[] | undefined;
}
const suiteSchema: z.ZodType<SuiteShape> = z.lazy(() =>
  z.object({
    title: z.string(),
    file: z.string().optional(),
    specs: z.array(specSchema).optional(),
    suites: z.array(suiteSchema).optional(),
  }),
);
const reportSchema = z.object({
  suites: z.array(suiteSchema),
  errors: z.array(z.object({ message: z.string().optional() }).loose()).optional(),
  stats: z.object({
    startTime: z.string().optional(),
    duration: z.number(),
    expected: z.number(),
    unexpected: z.number(),
    flaky: z.number(),
    skipped: z.number(),
  }),
});

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal colour codes is the point
const ANSI = /\u001b\[[0-9;]*m/g;

export interface TestOutcome {
  /** `file › describe › title`, stable across runs of the same tests. */
  id: string;
  /** Playwright's verdict: `expected` (passed), `unexpected`, `flaky` or `skipped`. */
  status: string;
  durationMs: number;
  error: string | undefined;
  /**
   * Files Playwright kept for the last try (screenshot, trace, error context), at their
   * paths where the tests ran (inside the sandbox).
   */
  attachments: { name: string; contentType: string; path: string }[];
}

export interface TestReport {
  tests: TestOutcome[];
  passed: number;
  total: number;
  /** Wall time of the test run as Playwright measured it. */
  durationMs: number;
  /** When that run began (epoch ms), if the report says. */
  startedAtMs: number | undefined;
  /** Errors outside any test (config, a web server, a syntax error in a spec). */
  errors: string[];
}

export type ParsedReport = { ok: true; report: TestReport } | { ok: false; reason: string };

export function parsePlaywrightReport(text: string): ParsedReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `the test report is not JSON (${(error as Error).message})` };
  }
  const parsed = reportSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      reason: `the test report has an unexpected shape: ${parsed.error.message}`,
    };
  }
  const tests: TestOutcome[] = [];
  const walk = (suite: SuiteShape, trail: string[]): void => {
    const here = suite.title ? [...trail, suite.title] : trail;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        const last = test.results.at(-1);
        tests.push({
          id: [...here, spec.title].join(' › '),
          status: test.status,
          durationMs: test.results.reduce((sum, r) => sum + r.duration, 0),
          error: last?.error?.message?.replace(ANSI, ''),
          attachments: (last?.attachments ?? []).flatMap(({ name, contentType, path }) =>
            path === undefined ? [] : [{ name, contentType, path }],
          ),
        });
      }
    }
    for (const child of suite.suites ?? []) walk(child, here);
  };
  for (const suite of parsed.data.suites) walk(suite, []);
  return {
    ok: true,
    report: {
      tests,
      passed: tests.filter((t) => t.status === 'expected').length,
      total: tests.length,
      durationMs: parsed.data.stats.duration,
      startedAtMs: parsed.data.stats.startTime
        ? Date.parse(parsed.data.stats.startTime) || undefined
        : undefined,
      errors: (parsed.data.errors ?? []).map((e) => e.message ?? 'unknown error'),
    },
  };
}
