/**
 * Runs inside an IC sandbox once the app's port is open: waits until `url` answers 2xx/3xx
 * (the codebase's `readyPath`), so tests never start against a half-started app.
 *
 *   node wait-ready.ts <url> <timeoutMs>     exit 0: ready; exit 91: not ready in time
 */
const [url, timeoutText] = process.argv.slice(2);
if (!url || !timeoutText) {
  process.stderr.write('usage: wait-ready <url> <timeoutMs>\n');
  process.exit(2);
}
const deadline = Date.now() + Number(timeoutText);
let last = 'no answer';
while (Date.now() < deadline) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000), redirect: 'manual' });
    if (response.status >= 200 && response.status < 400) process.exit(0);
    last = `HTTP ${response.status}`;
  } catch (error) {
    const cause = error instanceof Error ? (error.cause as Error | undefined) : undefined;
    last = cause?.message ?? (error instanceof Error ? error.message : String(error));
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
process.stderr.write(`${url} did not answer 2xx/3xx within ${timeoutText} ms (last: ${last})\n`);
process.exit(91);
