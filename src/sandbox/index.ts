// The sandbox module's public face.
export { type FacadeOptions, SandboxFacade, withFacade } from './facade.ts';
export {
  isSandboxFileNotFound,
  readFileIfExists,
  SandboxFileNotFoundError,
} from './file-errors.ts';
export { defaultSandboxRoot } from './host-workspace.ts';
export { SANDBOX_RUNNER_DIR, SERVER_EXITED_FILE } from './layout.ts';
export {
  openSandboxProvider,
  SANDBOXES,
  type SandboxName,
  type SandboxProviderOptions,
  sandboxNames,
} from './registry.ts';
export type {
  Availability,
  ExecOptions,
  ExecResult,
  PairCommand,
  ReadOnlyMount,
  RunnerSpec,
  Sandbox,
  SandboxLimits,
  SandboxProvider,
  WorkspaceSpec,
} from './types.ts';
export { DEFAULT_LIMITS } from './types.ts';
export {
  execWithServer,
  SERVER_EXITED,
  SERVER_NOT_READY,
  type ServerAndTests,
  serverAndTestsScript,
} from './with-server.ts';
