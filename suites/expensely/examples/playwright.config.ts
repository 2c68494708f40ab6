/**
 * Runs the example tests against Expensely on your machine, the way the grader runs hidden
 * tests (one worker, Chromium from the system, baseURL from the environment).
 *
 *   cd suites/expensely/app && npm ci && npm run build && npm start     # terminal 1
 *   npx playwright test -c suites/expensely/examples/playwright.config.ts   # terminal 2, repo root
 *
 * Set EXPENSELY_URL to test a server on another port. Hidden tests of real tasks do not ship a
 * config: the grader uses its own, with the same options as below.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  timeout: 30_000,
  workers: 1,
  retries: 0,
  fullyParallel: false,
  forbidOnly: true,
  reporter: [['line']],
  outputDir: '/tmp/expensely-example-results',
  use: {
    baseURL: process.env.EXPENSELY_URL ?? 'http://127.0.0.1:3000',
    screenshot: 'only-on-failure',
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
