import type { Command } from '@commander-js/extra-typings';
import type { CliIo } from '../io.ts';

export function register(program: Command, _io: CliIo): void {
  program.command('tasks').description('(not yet implemented)');
}
