/**
 * One classification of provider failures, shared by every provider, so the retry facade
 * decides the same way whatever SDK raised the error.
 */

export type ModelCallErrorKind =
  /** 429: back off and retry, honouring `retry-after`. */
  | 'rate_limit'
  /** 5xx (and Anthropic's 529 "overloaded"): retry. */
  | 'server'
  /** No answer at all (refused, reset, timed out): retry. */
  | 'connection'
  /** 401/403: the key is wrong; retrying cannot help. Infrastructure, not the model. */
  | 'auth'
  /** 404 on the model: the model string names something the endpoint does not serve. */
  | 'not_found'
  /** 400/422: the request itself was refused (e.g. the context is too long). */
  | 'bad_request'
  /** The caller aborted (attempt wall time ran out). */
  | 'aborted';

export class ModelCallError extends Error {
  readonly kind: ModelCallErrorKind;
  readonly status: number | undefined;
  /** How long the provider asked us to wait before retrying, when it said so. */
  readonly retryAfterMs: number | undefined;

  constructor(
    kind: ModelCallErrorKind,
    message: string,
    options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ModelCallError';
    this.kind = kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }

  get retryable(): boolean {
    return this.kind === 'rate_limit' || this.kind === 'server' || this.kind === 'connection';
  }
}

/** The shape both official SDKs give their HTTP errors. */
interface HttpErrorLike {
  status?: number | undefined;
  headers?: Headers | undefined;
  message: string;
}

/**
 * Maps an SDK error to a `ModelCallError`. `isAbort`/`isConnection` come from the SDK's own
 * classes (each SDK has its own, unrelated hierarchy).
 */
export function classifySdkError(
  error: unknown,
  sdk: {
    isAbort(e: unknown): boolean;
    isConnection(e: unknown): boolean;
    isApi(e: unknown): boolean;
  },
  now: () => number = Date.now,
): ModelCallError {
  if (error instanceof ModelCallError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (sdk.isAbort(error)) return new ModelCallError('aborted', message, { cause: error });
  if (sdk.isConnection(error)) return new ModelCallError('connection', message, { cause: error });
  if (!sdk.isApi(error)) return new ModelCallError('connection', message, { cause: error });
  const http = error as HttpErrorLike;
  const status = http.status;
  const retryAfterMs = parseRetryAfter(http.headers, now);
  const kind: ModelCallErrorKind =
    status === 429
      ? 'rate_limit'
      : status === 401 || status === 403
        ? 'auth'
        : status === 404
          ? 'not_found'
          : status !== undefined && status >= 500
            ? 'server'
            : status === 408 || status === 409
              ? 'server'
              : status === undefined
                ? 'connection'
                : 'bad_request';
  const options: { status?: number; retryAfterMs?: number; cause?: unknown } = { cause: error };
  if (status !== undefined) options.status = status;
  if (retryAfterMs !== undefined) options.retryAfterMs = retryAfterMs;
  return new ModelCallError(kind, `HTTP ${status ?? '?'}: ${message}`, options);
}

/**
 * `retry-after-ms` (OpenAI) wins over `retry-after`, which is either seconds or an HTTP
 * date. Returns undefined when absent or unreadable.
 */
export function parseRetryAfter(
  headers: Headers | undefined,
  now: () => number = Date.now,
): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) {
    return Math.max(0, Number(ms));
  }
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}
