/**
 * The harness's own Playwright config for hidden tests (never the workspace's). Everything
 * comes from environment variables set by the grader; paths are absolute and outside the
 * workspace except the output folder.
 */
import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

// Grading starts this runner together with the app, so that loading Playwright overlaps the
// app's start-up; here, once loaded and before the run begins (and its clock starts), it
// waits for the app with `wait-ready.sh` (SWELANCER_WAIT_READY: its command line). Not
// ready: exit with its code (91, 97, 98), which the harness reads as "the app could not be
// served". Workers inherit SWELANCER_APP_READY and skip this.
const waitReady = process.env.SWELANCER_WAIT_READY;
if (waitReady && !process.env.SWELANCER_APP_READY) {
  try {
    execFileSync('/bin/bash', ['-c', waitReady], { stdio: 'inherit' });
  } catch (error) {
    process.exit((error as { status?: number }).status ?? 1);
  }
  process.env.SWELANCER_APP_READY = '1';
}

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
