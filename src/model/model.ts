/**
 * The facade the agent talks to: one provider call with retries (429 and 5xx back off
 * with jitter, honouring `retry-after`), cost from the price table, and latency. A provider
 * that stays down, or refuses the key, becomes an `InfraError`: the attempt is
 * `infra_error`, never a model failure.
 */
import { InfraError } from '../errors.ts';
import type { Logger } from '../util/logger.ts';
import { silentLogger } from '../util/logger.ts';
import { ModelCallError } from './call-error.ts';
import type { ModelSpec } from './model-spec.ts';
import { costOf, type ModelPrice } from './pricing.ts';
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy, sleep } from './retry.ts';
import type { ModelAPI, ModelReply, ModelRequest } from './types.ts';

export interface ModelCallResult {
  reply: ModelReply;
  /** USD; undefined when the model has no price. */
  costUsd: number | undefined;
  /** Wall time of the successful call, retries and backoff excluded. */
  latencyMs: number;
  /** How many failed calls preceded the successful one. */
  retries: number;
}

export interface ModelOptions {
  /** @default DEFAULT_RETRY_POLICY */
  retry?: Partial<RetryPolicy>;
  price: ModelPrice | undefined;
  /** @default silentLogger */
  logger?: Logger;
  /** For tests: the jitter source. @default Math.random */
  random?: () => number;
}

export class Model {
  readonly api: ModelAPI;
  readonly spec: ModelSpec;
  readonly price: ModelPrice | undefined;
  readonly #policy: RetryPolicy;
  readonly #logger: Logger;
  readonly #random: () => number;

  constructor(api: ModelAPI, spec: ModelSpec, options: ModelOptions) {
    this.api = api;
    this.spec = spec;
    this.price = options.price;
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#logger = options.logger ?? silentLogger;
    this.#random = options.random ?? Math.random;
  }

  get label(): string {
    return this.spec.label;
  }

  /**
   * One model call. Throws `InfraError` when the provider stays down or rejects the
   * credentials, and `ModelCallError` (kind `bad_request` or `aborted`) for problems the
   * agent must account for itself.
   */
  async generate(request: ModelRequest): Promise<ModelCallResult> {
    let last: ModelCallError | undefined;
    for (let attempt = 0; attempt < this.#policy.maxAttempts; attempt++) {
      const started = performance.now();
      try {
        const reply = await this.api.generate(request);
        const latencyMs = performance.now() - started;
        const costUsd = this.price ? costOf(reply.usage, this.price) : undefined;
        return { reply, costUsd, latencyMs, retries: attempt };
      } catch (error) {
        const failure =
          error instanceof ModelCallError
            ? error
            : new ModelCallError('connection', String(error), { cause: error });
        if (request.signal?.aborted) {
          throw new ModelCallError('aborted', 'the attempt ran out of time during a model call', {
            cause: failure,
          });
        }
        if (failure.kind === 'auth') {
          // The provider's own message can echo (part of) the key: it is left out, because
          // this message is stored with the attempt's result.
          throw new InfraError(
            `${this.label}: the provider refused the credentials (HTTP ${failure.status ?? '?'}); check the ${this.spec.provider} API key variable (docs/models.md)`,
          );
        }
        if (failure.kind === 'not_found') {
          throw new InfraError(
            `${this.label}: the endpoint does not serve model "${this.spec.modelId}" (${failure.message})`,
            { cause: failure },
          );
        }
        if (!failure.retryable) throw failure;
        last = failure;
        if (attempt + 1 >= this.#policy.maxAttempts) break;
        const delay = backoffDelay(this.#policy, attempt, failure.retryAfterMs, this.#random);
        this.#logger.debug(
          `${this.label}: ${failure.message}; retry ${attempt + 1} in ${Math.round(delay)} ms`,
        );
        try {
          await sleep(delay, request.signal);
        } catch {
          throw new ModelCallError('aborted', 'the attempt ran out of time while backing off', {
            cause: failure,
          });
        }
      }
    }
    throw new InfraError(
      `${this.label}: the provider stayed unavailable after ${this.#policy.maxAttempts} calls (last: ${last?.message ?? 'unknown error'})`,
      { cause: last },
    );
  }
}
