import path from 'node:path';
import { describeProblem, InfraError, InputError, isSwelancerError } from '../errors.ts';
import { type Logger, silentLogger } from '../util/logger.ts';
import { isSandboxFileNotFound } from './file-errors.ts';
import type {
  Availability,
  ExecOptions,
  ExecResult,
  ImageSandbox,
  ImageSandboxSpec,
  PairCommand,
  Sandbox,
  SandboxLimits,
  SandboxProvider,
  WorkspaceSpec,
} from './types.ts';

/**
 * What the runner talks to. Providers implement the narrow `Sandbox` interface; the facade
 * adds what every provider needs the same way: per-command timeouts and output caps clamped
 * to the sandbox's limits, a backstop for a provider that never returns, input checks,
 * logging, and turning a provider crash into an `InfraError` (so it is retried and never
 * scored as the agent's failure).
 */
export interface FacadeOptions {
  /** @default a silent logger */
  logger?: Logger;
  /**
   * How long past a command's own timeout the facade waits for the provider before giving
   * up with an `InfraError`. @default 30000
   */
  graceMs?: number;
}

export function withFacade(
  provider: SandboxProvider,
  options: FacadeOptions = {},
): SandboxProvider {
  const logger = options.logger ?? silentLogger;
  const facadeOptions = { logger, graceMs: options.graceMs ?? 30_000 };
  const fromImage = provider.createFromImage?.bind(provider);
  return {
    name: provider.name,
    available: (): Promise<Availability> => provider.available(),
    async create(spec: WorkspaceSpec): Promise<Sandbox> {
      checkSpec(spec);
      const started = performance.now();
      const inner = await guard(`creating a ${provider.name} sandbox`, () => provider.create(spec));
      logger.debug(
        `sandbox ${inner.id}: ready in ${Math.round(performance.now() - started)} ms (${provider.name})`,
      );
      return new SandboxFacade(inner, spec, facadeOptions);
    },
    cleanupLeftovers: () => guard('cleaning sandbox leftovers', () => provider.cleanupLeftovers()),
    ...(fromImage
      ? {
          async createFromImage(spec: ImageSandboxSpec): Promise<ImageSandbox> {
            const inner = await guard(`creating a container of ${spec.image}`, () =>
              fromImage(spec),
            );
            return new ImageSandboxFacade(inner, spec, facadeOptions);
          },
        }
      : {}),
  };
}

/** What the facade reads of a sandbox's spec. */
interface FacadeSpec {
  limits: Pick<SandboxLimits, 'wallTimeMs' | 'maxOutputBytes'>;
  runner?: WorkspaceSpec['runner'];
}

export class SandboxFacade implements Sandbox {
  readonly #inner: Sandbox;
  readonly #spec: FacadeSpec;
  readonly #logger: Logger;
  readonly #graceMs: number;

  constructor(inner: Sandbox, spec: FacadeSpec, options: { logger: Logger; graceMs: number }) {
    this.#inner = inner;
    this.#spec = spec;
    this.#logger = options.logger;
    this.#graceMs = options.graceMs;
  }

  get id(): string {
    return this.#inner.id;
  }
  get provider(): string {
    return this.#inner.provider;
  }
  get workdir(): string {
    return this.#inner.workdir;
  }
  /** The provider's own sandbox object, for provider-specific extras. */
  get inner(): Sandbox {
    return this.#inner;
  }

  async exec(command: string | readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    if (typeof command === 'string' ? command.trim() === '' : command.length === 0) {
      throw new InputError(
        'INPUT_INVALID',
        describeProblem({ field: 'command', expected: 'a non-empty command', found: command }),
      );
    }
    return this.#execGuarded(preview(command), options, (o) => this.#inner.exec(command, o));
  }

  async #execGuarded(
    shown: string,
    options: ExecOptions,
    run: (options: ExecOptions) => Promise<ExecResult>,
  ): Promise<ExecResult> {
    const { limits } = this.#spec;
    const timeoutMs = clamp(options.timeoutMs ?? limits.wallTimeMs, limits.wallTimeMs);
    const maxOutputBytes = clamp(
      options.maxOutputBytes ?? limits.maxOutputBytes,
      limits.maxOutputBytes,
    );
    this.#logger.debug(`sandbox ${this.id}: $ ${shown}`);

    let backstop: NodeJS.Timeout | undefined;
    const stuck = new Promise<never>((_, reject) => {
      backstop = setTimeout(
        () =>
          reject(
            new InfraError(
              `sandbox ${this.id}: "${shown}" did not return ${this.#graceMs} ms after its ${timeoutMs} ms timeout`,
            ),
          ),
        timeoutMs + this.#graceMs,
      );
    });
    try {
      const raw = await Promise.race([
        guard(`running a command in sandbox ${this.id}`, () =>
          run({ ...options, timeoutMs, maxOutputBytes }),
        ),
        stuck,
      ]);
      const result = capOutput(raw, maxOutputBytes);
      const outcome = result.timedOut
        ? `timed out after ${timeoutMs} ms`
        : `exit ${result.exitCode ?? result.signal}`;
      this.#logger.debug(`sandbox ${this.id}: ${outcome} in ${result.durationMs} ms`);
      return result;
    } finally {
      clearTimeout(backstop);
    }
  }

  async execPair(
    server: PairCommand,
    client: PairCommand,
    options: ExecOptions = {},
  ): Promise<ExecResult> {
    const inner = this.#inner;
    if (!inner.execPair || !this.#spec.runner) {
      throw new InputError(
        'INPUT_INVALID',
        describeProblem({
          field: 'runner',
          expected: `a sandbox created with \`runner\` in its spec, from a provider with execPair`,
          found: `${this.provider} sandbox ${this.id}${this.#spec.runner ? '' : ' without a runner'}`,
        }),
      );
    }
    const run = inner.execPair.bind(inner);
    const shown = `${preview(server.command)} beside ${preview(client.command)}`;
    return this.#execGuarded(shown, options, (o) => run(server, client, o));
  }

  readFile(path: string): Promise<Uint8Array> {
    return guard(`reading ${path} in sandbox ${this.id}`, () => this.#inner.readFile(path));
  }

  writeFile(path: string, data: string | Uint8Array): Promise<void> {
    return guard(`writing ${path} in sandbox ${this.id}`, () => this.#inner.writeFile(path, data));
  }

  copyIn(hostPath: string, sandboxPath: string): Promise<void> {
    return guard(`copying ${hostPath} into sandbox ${this.id}`, () =>
      this.#inner.copyIn(hostPath, sandboxPath),
    );
  }

  copyOut(sandboxPath: string, hostPath: string): Promise<void> {
    return guard(`copying ${sandboxPath} out of sandbox ${this.id}`, () =>
      this.#inner.copyOut(sandboxPath, hostPath),
    );
  }

  async dispose(): Promise<void> {
    await guard(`disposing sandbox ${this.id}`, () => this.#inner.dispose());
  }
}

/** An image sandbox through the facade: its extras guarded the same way. */
class ImageSandboxFacade extends SandboxFacade implements ImageSandbox {
  readonly #image: ImageSandbox;

  constructor(inner: ImageSandbox, spec: FacadeSpec, options: { logger: Logger; graceMs: number }) {
    super(inner, spec, options);
    this.#image = inner;
  }

  running(): Promise<boolean> {
    return guard(`inspecting sandbox ${this.id}`, () => this.#image.running());
  }

  cutNetwork(): Promise<void> {
    return guard(`cutting the network of sandbox ${this.id}`, () => this.#image.cutNetwork());
  }
}

function checkSpec(spec: WorkspaceSpec): void {
  for (const [index, mount] of (spec.runner?.mounts ?? []).entries()) {
    const inside = path.posix.normalize(mount.sandboxPath);
    if (path.posix.isAbsolute(inside) || inside === '..' || inside.startsWith('../')) {
      throw new InputError(
        'INPUT_INVALID',
        describeProblem({
          field: `runner.mounts[${index}].sandboxPath`,
          expected: "a path relative to the runner's folder",
          found: mount.sandboxPath,
        }),
      );
    }
  }
  for (const [field, value] of Object.entries(spec.limits)) {
    if (!Number.isFinite(value) || value <= 0) {
      throw new InputError(
        'INPUT_INVALID',
        describeProblem({ field: `limits.${field}`, expected: 'a positive number', found: value }),
      );
    }
  }
  if (!['loopback', 'none', 'host'].includes(spec.network)) {
    throw new InputError(
      'INPUT_INVALID',
      describeProblem({
        field: 'network',
        expected: '"loopback", "none" or "host"',
        found: spec.network,
      }),
    );
  }
}

/**
 * Errors a user can act on, and a file the sandbox does not have, pass through; anything
 * else is the environment breaking.
 */
async function guard<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isSwelancerError(error) || isSandboxFileNotFound(error)) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new InfraError(`${what} failed: ${detail}`, { cause: error });
  }
}

function clamp(value: number, max: number): number {
  return Math.max(1, Math.min(value, max));
}

function capOutput(result: ExecResult, max: number): ExecResult {
  const cut = (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    return bytes.length > max ? bytes.subarray(0, max).toString('utf8') : text;
  };
  const stdout = cut(result.stdout);
  const stderr = cut(result.stderr);
  const truncated = result.truncated || stdout !== result.stdout || stderr !== result.stderr;
  return { ...result, stdout, stderr, truncated };
}

function preview(command: string | readonly string[]): string {
  const text = typeof command === 'string' ? command : command.join(' ');
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}
