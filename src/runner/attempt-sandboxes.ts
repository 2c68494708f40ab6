/**
 * The sandboxes of one attempt. Every sandbox its environment makes (agent, grading, user
 * tool, probe, workspace) is disposed when the attempt ends, whatever the environment did
 * with it, and at once when the run is interrupted: disposing kills everything running in
 * it (the agent, a build, the app, the browser), so Ctrl-C stops an attempt in flight
 * instead of waiting for its grading to end.
 */
import { InfraError } from '../errors.ts';
import type {
  ImageSandboxSpec,
  Sandbox,
  SandboxProvider,
  WorkspaceSpec,
} from '../sandbox/types.ts';
import type { Logger } from '../util/logger.ts';

export interface AttemptSandboxes {
  /** The run's provider, as the attempt's environment gets it. */
  sandboxes(): Promise<SandboxProvider>;
  /** Disposes whatever is left; call once, when the attempt is over. */
  close(): Promise<void>;
}

export function attemptSandboxes(
  open: () => Promise<SandboxProvider>,
  signal: AbortSignal,
  logger: Logger,
): AttemptSandboxes {
  const live = new Set<Sandbox>();
  const disposeAll = async () => {
    const left = [...live];
    live.clear();
    await Promise.all(
      left.map((sandbox) =>
        sandbox.dispose().catch((error: unknown) => {
          logger.warn(`could not dispose sandbox ${sandbox.id}: ${String(error)}`);
        }),
      ),
    );
  };
  const onAbort = () => void disposeAll();
  signal.addEventListener('abort', onAbort, { once: true });

  const tracked = async <S extends Sandbox>(made: Promise<S>): Promise<S> => {
    const sandbox = await made;
    if (signal.aborted) {
      await sandbox.dispose();
      throw new InfraError('the run was interrupted');
    }
    live.add(sandbox);
    return sandbox;
  };
  const track = (provider: SandboxProvider): SandboxProvider => {
    const fromImage = provider.createFromImage?.bind(provider);
    return {
      name: provider.name,
      available: () => provider.available(),
      cleanupLeftovers: () => provider.cleanupLeftovers(),
      create: (spec: WorkspaceSpec) => tracked(provider.create(spec)),
      ...(fromImage
        ? { createFromImage: (spec: ImageSandboxSpec) => tracked(fromImage(spec)) }
        : {}),
    };
  };
  return {
    // The run opens its provider once (`open` is memoized there, a failed opening retried):
    // each call here only wraps it to track what this attempt creates.
    sandboxes: () => open().then(track),
    async close() {
      signal.removeEventListener('abort', onAbort);
      await disposeAll();
    },
  };
}
