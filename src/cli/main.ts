import { Command, CommanderError } from '@commander-js/extra-typings';
import { isSwelancerError } from '../errors.ts';
import { EXIT } from './exit-codes.ts';
import { type CliIo, processIo } from './io.ts';

/**
 * Each command lives in its own module and registers itself on the program. Loaded lazily
 * so `swelancer tasks list` does not pay for the browser or provider SDKs.
 */
const COMMANDS = {
  tasks: () => import('./commands/tasks.ts'),
  run: () => import('./commands/run.ts'),
  report: () => import('./commands/report.ts'),
  suite: () => import('./commands/suite.ts'),
  worker: () => import('./commands/worker.ts'),
  view: () => import('./commands/view.ts'),
} as const;

export interface CommandModule {
  register(program: Command, io: CliIo): void;
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const program = new Command('swelancer')
    .description('How many dollars of real freelance software work can an AI agent earn?')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  for (const load of commandsToLoad(argv)) {
    const module: CommandModule = await load();
    module.register(program, io);
  }

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    return reportError(error, io);
  }
}

/** Only the named command's module when there is one; every module for help and typos. */
function commandsToLoad(argv: readonly string[]) {
  const name = argv[0];
  if (name && Object.hasOwn(COMMANDS, name)) return [COMMANDS[name as keyof typeof COMMANDS]];
  return Object.values(COMMANDS);
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message (unknown option, missing argument, --help).
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
      return EXIT.ok;
    }
    return error.exitCode === 0 ? EXIT.ok : EXIT.input;
  }
  if (isSwelancerError(error)) {
    io.stderr.write(`swelancer: ${error.message}\n`);
    if (error.code === 'INFRA' || error.code === 'SANDBOX_UNAVAILABLE') return EXIT.infra;
    if (error.code === 'BUG') return EXIT.bug;
    return EXIT.input;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(
    `swelancer: internal error (this is a bug in swelancer, please report it)\n${detail}\n`,
  );
  return EXIT.bug;
}
