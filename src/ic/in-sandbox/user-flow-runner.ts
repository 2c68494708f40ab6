/**
 * Runs inside the user tool's sandbox (with the harness's Node), after the app is ready:
 * opens Chromium, walks the task's user flow and records what a person would see. It never
 * checks anything: no assertions, no pass/fail.
 *
 *   node user-flow-runner.ts <flowModule> <baseUrl> <outDir> <timeoutMs>
 *
 * Writes `<outDir>/report.json` and `<outDir>/NN-label.png` screenshots.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';

const [flowModule, baseUrl, outDir, timeoutText] = process.argv.slice(2);
if (!flowModule || !baseUrl || !outDir || !timeoutText) {
  process.stderr.write('usage: user-flow-runner <flow> <baseUrl> <outDir> <timeoutMs>\n');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const consoleErrors: string[] = [];
const networkErrors: string[] = [];
const screenshots: string[] = [];
let problem: string | undefined;

const browser = await chromium.launch({
  executablePath: process.env.SWELANCER_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-dev-shm-usage',
  ],
});
const context = await browser.newContext({
  baseURL: baseUrl,
  viewport: { width: 1024, height: 768 },
});
const page: Page = await context.newPage();
page.setDefaultTimeout(10_000);
page.on('console', (message) => {
  if (message.type() === 'error') consoleErrors.push(message.text());
});
page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
page.on('requestfailed', (request) => {
  networkErrors.push(
    `${request.method()} ${request.url()}: ${request.failure()?.errorText ?? 'failed'}`,
  );
});
page.on('response', (response) => {
  if (response.status() >= 400) {
    networkErrors.push(
      `${response.request().method()} ${response.url()}: HTTP ${response.status()}`,
    );
  }
});

async function snapshot(label: string): Promise<void> {
  const name = `${String(screenshots.length + 1).padStart(2, '0')}-${label.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}.png`;
  await page.screenshot({ path: path.join(outDir as string, name), fullPage: true });
  screenshots.push(name);
}

try {
  const flow = (await import(pathToFileURL(flowModule).href)) as {
    default: (args: { page: Page; snapshot: (label: string) => Promise<void> }) => Promise<void>;
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      flow.default({ page, snapshot }),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`the flow did not finish in ${timeoutText} ms`)),
          Number(timeoutText),
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
} catch (error) {
  // What went wrong while walking the flow is what a person would notice ("the button is not
  // there"), without saying what was expected.
  problem = `the flow could not be completed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
}
let pageText = '';
try {
  await snapshot('final');
  // biome-ignore lint/performance/useDomNodeTextContent: the visible text is what a person sees
  pageText = await page.locator('body').innerText();
} catch (error) {
  problem ??= `the page could not be read: ${error instanceof Error ? error.message : String(error)}`;
}
await browser.close();
writeFileSync(
  path.join(outDir, 'report.json'),
  JSON.stringify({ screenshots, pageText, consoleErrors, networkErrors, problem }),
);
// Anything the flow left pending (timers, sockets) must not keep the sandbox busy.
process.exit(0);
