/**
 * A sandbox being made ahead of its use (the grading sandbox, made while the agent works):
 * handed over once, or disposed if never used.
 */
import type { Sandbox } from '../sandbox/types.ts';
import type { Logger } from '../util/logger.ts';

export interface SandboxInAdvance {
  /** The sandbox, for its user to await and dispose; undefined after the first call. */
  take(): Promise<Sandbox> | undefined;
  /** Disposes the sandbox unless it was taken. */
  release(): Promise<void>;
}

export function madeInAdvance(making: Promise<Sandbox>, logger: Logger): SandboxInAdvance {
  let pending: Promise<Sandbox> | undefined = making;
  // A failure is seen by whoever takes it; a release only logs it.
  making.catch(() => {});
  return {
    take() {
      const taken = pending;
      pending = undefined;
      return taken;
    },
    async release() {
      const left = pending;
      pending = undefined;
      await left
        ?.then((sandbox) => sandbox.dispose())
        .catch((error: unknown) => logger.warn(`unused grading sandbox: ${String(error)}`));
    },
  };
}
