/**
 * `swelancer view [dir]`: a local web server listing the runs under `dir` (or one run) and
 * serving their reports and evidence, live while they run. It never writes into a run
 * directory. Runs until Ctrl-C (or SIGTERM), which closes it cleanly.
 */
import { once } from 'node:events';
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from '@commander-js/extra-typings';
import { startViewServer } from '../../view/server.ts';
import { interruptOnSignals } from '../interrupt.ts';
import { type CliIo, cliLogger } from '../io.ts';

export function register(program: Command, io: CliIo): void {
  program
    .command('view')
    .description('Serve the runs under a folder (or one run) as live HTML reports on localhost')
    .argument('[dir]', 'a folder of run directories, or one run directory', 'runs')
    .option(
      '--host <address>',
      'address to listen on (any but loopback shows the runs to others)',
      '127.0.0.1',
    )
    .option('--port <n>', 'port to listen on (0: any free port)', port, 7878)
    .action(async (dir, flags) => {
      const root = resolve(io.cwd, dir);
      const server = await startViewServer({ root, host: flags.host, port: flags.port });
      const logger = cliLogger(io);
      if (!LOOPBACK.has(flags.host)) {
        logger.warn(
          `--host ${flags.host}: anyone who can reach it sees these runs (prompts, agents' output, evidence)`,
        );
      }
      const interrupt = interruptOnSignals(logger, () => {}, 'closing the server');
      io.stdout.write(`serving ${root} at ${server.url} (Ctrl-C to stop)\n`);
      try {
        await once(interrupt.signal, 'abort');
      } finally {
        interrupt.release();
        await server.close();
      }
    });
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 65_535) {
    throw new InvalidArgumentError('expected a port number from 0 to 65535');
  }
  return n;
}
