#!/usr/bin/env node
// The CLI runs the TypeScript sources directly (Node >= 24 strips types natively).
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(
    `swelancer needs Node 24 or newer, found ${process.versions.node}.\n` +
      'Run it through npx (which uses the Node 24 installed by `npm ci`) or install Node 24.\n',
  );
  process.exit(2);
}
// `swelancer tasks list | head` closes stdout early: stop quietly, as other CLI tools do.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
// Cache compiled (type-stripped) modules between runs: start-up drops by about half.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
