import type { Writable } from 'node:stream';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Injected everywhere; never a module singleton. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  /** Where log lines go. With `--json` this is stderr so stdout stays machine-readable. */
  stream: Writable;
  /** @default 'info' */
  level?: LogLevel;
  /** Strings (API keys) replaced by `[redacted]` before anything is written. */
  secrets?: readonly string[];
}

export function createLogger(options: LoggerOptions): Logger {
  const threshold = ORDER[options.level ?? 'info'];
  const redact = makeRedactor(options.secrets ?? []);
  const write = (level: LogLevel) => (message: string) => {
    if (ORDER[level] < threshold) return;
    const prefix = level === 'info' ? '' : `${level}: `;
    options.stream.write(`${prefix}${redact(message)}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Replaces every occurrence of each secret (of at least 8 characters) with `[redacted]`. */
export function makeRedactor(secrets: readonly string[]): (text: string) => string {
  const usable = secrets.filter((s) => s.length >= 8);
  if (usable.length === 0) return (text) => text;
  return (text) => usable.reduce((acc, secret) => acc.split(secret).join('[redacted]'), text);
}
