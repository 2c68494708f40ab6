export { ARTIFACTS_DIR, artifactDir, type RecordingArtifactSink } from './artifacts.ts';
export { LOCK_FILE, runLockHeld } from './lock.ts';
export {
  createRunStore,
  inspectRunStore,
  type OpenRunStoreOptions,
  openRunStore,
  type RunStore,
  type RunStoreInit,
  type RunStoreReader,
  type RunStoreState,
} from './run-store.ts';
export { DB_FILE } from './schema.ts';
export type {
  AttemptPlan,
  AttemptResult,
  AttemptStatus,
  InFlightAttempt,
  InFlightProgress,
  RunManifest,
  RunPlanInputs,
  TaskFilters,
  TaskRecord,
  TaskText,
} from './types.ts';
export { ATTEMPT_STATUSES } from './types.ts';
