// A harness that gets killed: creates a sandbox, starts a long command in it, reports and
// waits. The provider test kills it with SIGKILL and checks that cleanupLeftovers() removes
// what it left behind. Usage: node sandbox-orphan.ts <provider> <rootDir> <sourceDir> <marker>
import { openSandboxProvider } from '../../src/sandbox/index.ts';
import { DEFAULT_LIMITS } from '../../src/sandbox/types.ts';

const [name, rootDir, sourceDir, marker] = process.argv.slice(2);
if (!name || !rootDir || !sourceDir || !marker)
  throw new Error('usage: <provider> <root> <src> <marker>');
const provider = await openSandboxProvider(name, { rootDir });
const sandbox = await provider.create({
  label: 'orphan',
  sourceDir,
  network: 'loopback',
  limits: DEFAULT_LIMITS,
});
void sandbox.exec(`sleep ${marker}`);
setTimeout(() => process.stdout.write(`ready ${sandbox.id}\n`), 1000);
setInterval(() => {}, 60_000);
