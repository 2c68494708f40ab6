/**
 * The task environments, loaded lazily: a manager-only run never loads the IC pipeline
 * (sandboxes, browser). Which one attempts a task is decided here, in one place.
 */
import type { Task } from '../task/types.ts';
import type { TaskEnvironment } from './types.ts';

const ENVIRONMENTS = {
  manager: () => import('./manager.ts').then((m) => m.managerEnvironment),
  'ic-native': () => import('./ic-native.ts').then((m) => m.icNativeEnvironment),
  'ic-official': () => import('./ic-official.ts').then((m) => m.icOfficialEnvironment),
} as const;

export type EnvironmentName = keyof typeof ENVIRONMENTS;

/** The environment that attempts `task`. */
export function environmentNameOf(task: Task): EnvironmentName {
  if (task.kind === 'swe_manager') return 'manager';
  return task.ic.runnable === 'official-image' ? 'ic-official' : 'ic-native';
}

const loaded = new Map<EnvironmentName, Promise<TaskEnvironment>>();

export function environmentFor<T extends Task>(task: T): Promise<TaskEnvironment<T>> {
  const name = environmentNameOf(task);
  let environment = loaded.get(name);
  if (!environment) {
    environment = ENVIRONMENTS[name]() as Promise<TaskEnvironment>;
    loaded.set(name, environment);
    // A failed load is retried like any infrastructure error, so do not keep the failure.
    environment.catch(() => loaded.delete(name));
  }
  return environment as Promise<TaskEnvironment<T>>;
}
