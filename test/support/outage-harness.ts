// A harness that meets a Docker-API outage: creates a container sandbox through the fault
// proxy, leaves a long command running (as an app server whose kill was lost), waits for
// "go" on stdin (the test has switched the outage on), disposes, prints "summary" and
// returns. The test checks that the process then exits at once.
// Usage: node outage-harness.ts <proxy socket> <rootDir> <sourceDir>
import { createInterface } from 'node:readline';
import { openSandboxProvider } from '../../src/sandbox/index.ts';
import { DEFAULT_LIMITS } from '../../src/sandbox/types.ts';

const [socket, rootDir, sourceDir] = process.argv.slice(2);
if (!socket || !rootDir || !sourceDir) throw new Error('usage: <socket> <root> <src>');
const provider = await openSandboxProvider('container', {
  dockerSocket: socket,
  rootDir,
  retryDelaysMs: [200, 400, 800],
});
const sandbox = await provider.create({
  label: 'outage',
  sourceDir,
  network: 'loopback',
  limits: DEFAULT_LIMITS,
});
// Like an app server beside the tests: nobody awaits it once the tests are done.
void sandbox.exec('touch started && sleep 600').then(
  (result) => process.stdout.write(`exec: exit ${result.exitCode ?? result.signal}\n`),
  (error: Error) => process.stdout.write(`exec: ${error.name}\n`),
);
for (;;) {
  const started = await sandbox.readFile('started').then(
    () => true,
    () => false,
  );
  if (started) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line === 'go') break;
lines.close();
process.stdin.destroy();
const disposed = await sandbox.dispose().then(
  () => 'dispose: ok',
  (error: Error) => `dispose: ${error.name}`,
);
process.stdout.write(`${disposed}\nsummary\n`);
