/**
 * The harness's own Playwright config for hidden tests (never the workspace's). Everything
 * comes from environment variables set by the grader; paths are absolute and outside the
 * workspace except the output folder.
 */
import { defineConfig } from '@playwright/test';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

export default defineConfig({
  testDir: env('SWELANCER_TESTS_DIR'),
  testMatch: '**/*.spec.ts',
  outputDir: env('SWELANCER_OUTPUT_DIR'),
  timeout: Number(process.env.SWELANCER_TEST_TIMEOUT_MS ?? 30_000),
  workers: 1,
  retries: 0,
  fullyParallel: false,
  forbidOnly: true,
  preserveOutput: 'failures-only',
  reporter: [['json', { outputFile: env('SWELANCER_REPORT_FILE') }], ['line']],
  use: {
    baseURL: env('SWELANCER_BASE_URL'),
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    headless: true,
    launchOptions: {
      executablePath: process.env.SWELANCER_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    },
  },
});
