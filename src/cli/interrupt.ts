import type { Logger } from '../util/logger.ts';
import { EXIT } from './exit-codes.ts';

/**
 * Ctrl-C (or SIGTERM) once aborts the returned signal so attempts in flight can stop and
 * finished results stay recorded; a second Ctrl-C exits at once, after `onQuit` (which says
 * how to resume; the run lock is released on exit). Call `release` when done.
 */
export function interruptOnSignals(
  logger: Logger,
  onQuit: () => void = () => {},
  /** Said on the first signal. */
  stopping = 'stopping: letting attempts in flight abort (Ctrl-C again to quit at once)',
): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) {
      onQuit();
      process.exit(EXIT.interrupted);
    }
    logger.warn(stopping);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    release() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
