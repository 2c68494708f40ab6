/**
 * Where an attempt's files go (`<runDir>/artifacts/<key>/`, `store/artifacts.ts`). Kept here,
 * below every folder that writes artifacts (agents, the IC pipeline, grading, the store).
 */
export interface ArtifactSink {
  /** Writes one file; returns its path relative to the run directory. */
  write(name: string, data: string | Uint8Array): Promise<string>;
}
