/**
 * The sandbox contract (DESIGN.md §5). Providers implement `SandboxProvider`; the runner
 * talks to them through the facade in `facade.ts`, which adds timeouts, output caps and
 * logging. A command that fails is data (an `ExecResult`), never an exception; a step whose
 * outcome the provider cannot know (an exit code, a file it cannot read, a sandbox it
 * cannot create, kill or dispose) is an `InfraError`, never a value that looks like a result.
 */
export interface ExecOptions {
  /** Working directory, relative to the workspace root. @default the workspace root */
  cwd?: string;
  env?: Record<string, string>;
  /** Kill the whole process tree after this long. @default the sandbox's wall-time limit */
  timeoutMs?: number;
  stdin?: string;
  /** Stop collecting output past this many bytes per stream. @default the sandbox limit */
  maxOutputBytes?: number;
}

/**
 * What a command did. `exitCode` is null only for a command that was killed (by its time
 * limit, see `timedOut`; by the disk watch; by a signal; by `dispose`), and `signal` then
 * names the signal. There is no "unknown" result: a provider that cannot learn a command's
 * outcome (the container API failed, the output stream broke while the command still ran)
 * throws an `InfraError` instead, so it is never scored as the command's failure.
 */
export type ExecResult = ExecOutput &
  ({ exitCode: number; signal: undefined } | { exitCode: null; signal: string });

export interface ExecOutput {
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** True when stdout or stderr was cut at `maxOutputBytes`. */
  truncated: boolean;
  durationMs: number;
}

export interface SandboxLimits {
  /** Upper bound on any single command. */
  wallTimeMs: number;
  memoryBytes: number;
  maxProcesses: number;
  maxOutputBytes: number;
  /** Upper bound on the workspace's size on disk. */
  diskBytes: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  wallTimeMs: 10 * 60_000,
  memoryBytes: 4 * 1024 ** 3,
  maxProcesses: 512,
  maxOutputBytes: 1024 ** 2,
  diskBytes: 2 * 1024 ** 3,
};

/** A host folder made visible read-only inside the sandbox (e.g. a shared node_modules). */
export interface ReadOnlyMount {
  hostPath: string;
  /** Path inside the sandbox, relative to the workspace root or absolute. */
  sandboxPath: string;
}

export interface WorkspaceSpec {
  /** Short human label used in names of processes, folders and containers. */
  label: string;
  /** Host folder whose content becomes the workspace (copied or worktree'd, never shared). */
  sourceDir: string;
  mounts?: readonly ReadOnlyMount[];
  /**
   * `loopback`: the sandbox has its own loopback only; `none`: no interface at all (both
   * providers give `none` a private loopback too). `host`: the host's network, egress and
   * the host's loopback services included; an explicit opt-in for CLI agents that must reach
   * their model API (`--agent-network host`), never for grading.
   */
  network: 'loopback' | 'none' | 'host';
  limits: SandboxLimits;
  /**
   * A second identity for trusted code that must run beside untrusted code on the same
   * loopback (the test runner beside the app under test, see `Sandbox.execPair`): a uid of its
   * own and a private writable folder at `SANDBOX_RUNNER_DIR` (mode 0700, that uid's) holding
   * `mounts` (`sandboxPath` relative to that folder). The sandbox's own user can neither read
   * that folder nor signal or trace the runner's processes. @default no runner
   */
  runner?: RunnerSpec;
}

export interface RunnerSpec {
  mounts: readonly ReadOnlyMount[];
}

/** One side of `Sandbox.execPair`. */
export interface PairCommand {
  command: string | readonly string[];
  env?: Record<string, string>;
}

export interface Sandbox {
  readonly id: string;
  readonly provider: string;
  /** Absolute path of the workspace as commands inside the sandbox see it. */
  readonly workdir: string;
  exec(command: string | readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /**
   * For sandboxes created with `spec.runner`: starts `server` in the workspace as the
   * sandbox's own user and runs `client` as the runner (working directory: the runner's
   * folder, with the workspace readable but not writable), both on the sandbox's one loopback. While the client runs, the file
   * `SERVER_EXITED_FILE` appears in the runner's folder if the server exits. When the client
   * exits, the server and everything it started are killed. The result is the client's
   * (the server's output is not collected: redirect it to a file); `options.cwd` and
   * `options.stdin` are ignored, the timeout covers the pair.
   */
  execPair?(server: PairCommand, client: PairCommand, options?: ExecOptions): Promise<ExecResult>;
  /**
   * Paths are relative to the workspace root, or absolute inside the workspace or (for a
   * sandbox with a runner) inside the runner's folder. A path with no file behind it rejects
   * with `SandboxFileNotFoundError` (see `readFileIfExists`); any other failure is the
   * environment's (`InfraError` through the facade), never to be read as "no file".
   */
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  copyIn(hostPath: string, sandboxPath: string): Promise<void>;
  copyOut(sandboxPath: string, hostPath: string): Promise<void>;
  /** Kills every process the sandbox started and removes what it created. Idempotent. */
  dispose(): Promise<void>;
}

export type Availability = { ok: true } | { ok: false; reason: string };

export interface SandboxProvider {
  readonly name: string;
  available(): Promise<Availability>;
  create(spec: WorkspaceSpec): Promise<Sandbox>;
  /**
   * A container of an image that brings its own system and start-up (the official
   * SWE-Lancer images), for providers that run containers; others leave it out.
   */
  createFromImage?(spec: ImageSandboxSpec): Promise<ImageSandbox>;
  /** Removes what a killed harness left behind; returns how many leftovers it removed. */
  cleanupLeftovers(): Promise<number>;
}

export interface ImageSandboxSpec {
  /** Short human label used in the container's name. */
  label: string;
  /** The image, by id (`sha256:…`) so a re-pushed tag cannot change it, or by name. */
  image: string;
  /** Set at create time: what the image's start-up reads. */
  env: Record<string, string>;
  /** `host:ip` lines added to /etc/hosts at create time. */
  extraHosts?: readonly string[];
  /**
   * The network the container starts on (its start-up may need one), cut by
   * `ImageSandbox.cutNetwork`; `none`: never any but loopback.
   */
  network: string;
  /** Commands given as a string run as `[...shell, command]`, e.g. `['bash', '-i', '-c']`. */
  shell: readonly string[];
  /** Per-command wall time and output caps (the image sets its own memory and processes). */
  limits: Pick<SandboxLimits, 'wallTimeMs' | 'maxOutputBytes'>;
}

/** The extras of a container that runs its image's own start-up. */
export interface ImageSandbox extends Sandbox {
  /** Whether the container still runs (its start-up may end it). */
  running(): Promise<boolean>;
  /** Disconnects every network: loopback only from then on. */
  cutNetwork(): Promise<void>;
}
