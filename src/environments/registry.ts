/**
 * The executor for each task kind, loaded lazily: a manager-only run never loads the IC
 * pipeline (sandbox, browser).
 */

import type { AttemptExecutor } from '../runner/types.ts';
import type { IcTask, ManagerTask, Task } from '../task/types.ts';

const EXECUTORS = {
  swe_manager: (): Promise<AttemptExecutor<ManagerTask>> =>
    import('./manager.ts').then((m) => m.executeManagerAttempt),
  ic_swe: (): Promise<AttemptExecutor<IcTask>> =>
    import('./ic-native.ts').then((m) => m.executeIcAttempt),
} as const;

const loaded = new Map<string, Promise<unknown>>();

export function executorFor<T extends Task>(kind: T['kind']): Promise<AttemptExecutor<T>> {
  let executor = loaded.get(kind);
  if (!executor) {
    executor = EXECUTORS[kind]();
    loaded.set(kind, executor);
    // A failed load is retried like any infrastructure error, so do not keep the failure.
    executor.catch(() => loaded.delete(kind));
  }
  return executor as Promise<AttemptExecutor<T>>;
}
