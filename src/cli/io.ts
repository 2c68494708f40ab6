import type { Writable } from 'node:stream';
import { createLogger, type Logger, type LogLevel } from '../util/logger.ts';

/** The streams a command writes to; injected so tests can capture them. */
export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** Logs always go to stderr, so stdout carries only the command's output (e.g. JSON). */
export function cliLogger(io: CliIo, level: LogLevel = 'info', secrets: string[] = []): Logger {
  return createLogger({ stream: io.stderr, level, secrets });
}
