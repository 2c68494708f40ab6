/**
 * The error hierarchy. Every error the harness raises on purpose carries a stable `code`
 * and a message a user can act on (which file, row or field; what was expected; what was
 * found). Only the CLI entry point turns them into exit codes.
 */

export type ErrorCode =
  | 'INPUT_INVALID'
  | 'SUITE_INVALID'
  | 'TASK_INVALID'
  | 'CSV_INVALID'
  | 'CONFIG_INVALID'
  | 'FLAG_INVALID'
  | 'RUN_NOT_FOUND'
  | 'RUN_MISMATCH'
  | 'RUN_UNREADABLE'
  | 'SANDBOX_UNAVAILABLE'
  | 'PROVIDER_UNAVAILABLE'
  | 'INFRA'
  | 'BUG';

export interface SwelancerErrorOptions {
  cause?: unknown;
  /** Where the problem is: a file path, optionally with a row or field. */
  location?: string;
}

export class SwelancerError extends Error {
  readonly code: ErrorCode;
  readonly location: string | undefined;

  constructor(code: ErrorCode, message: string, options: SwelancerErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.location = options.location;
  }
}

/** Bad input from the user: a suite, task, CSV row, config file or flag. Exit code 2. */
export class InputError extends SwelancerError {}

/**
 * The environment or the harness broke (a sandbox could not start, a provider stayed down).
 * Attempts that hit it are `infra_error`, retried, and never scored as model failures.
 */
export class InfraError extends SwelancerError {
  constructor(message: string, options: SwelancerErrorOptions = {}) {
    super('INFRA', message, options);
  }
}

/** A sandbox provider cannot be used on this machine (missing binary, no daemon). */
export class SandboxUnavailableError extends SwelancerError {
  constructor(message: string, options: SwelancerErrorOptions = {}) {
    super('SANDBOX_UNAVAILABLE', message, options);
  }
}

/** Formats "file:row field: expected X, found Y" messages consistently. */
export function describeProblem(parts: {
  file?: string;
  row?: number;
  field?: string;
  expected: string;
  found?: unknown;
}): string {
  const where = [parts.file, parts.row !== undefined ? `row ${parts.row}` : undefined]
    .filter(Boolean)
    .join(' ');
  const field = parts.field ? `field "${parts.field}"` : undefined;
  const head = [where, field].filter(Boolean).join(', ');
  const found = parts.found === undefined ? '' : `, found ${preview(parts.found)}`;
  return `${head ? `${head}: ` : ''}expected ${parts.expected}${found}`;
}

function preview(value: unknown): string {
  // JSON.parse reads 1e400 as Infinity, which JSON.stringify would show as null.
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return `${value} (a number out of range)`;
  }
  const text = typeof value === 'string' ? JSON.stringify(value) : safeStringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function isSwelancerError(error: unknown): error is SwelancerError {
  return error instanceof SwelancerError;
}
