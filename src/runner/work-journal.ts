/**
 * Collected work, kept durably per attempt: `collected-work.json` in the attempt's artifact
 * folder, written (fsynced, through the redacting sink) the moment the agent phase ends.
 * A later try of the same attempt (after the harness was killed, or an infrastructure error
 * in grading) reads it back and goes straight to grading: the agent does not run again, its
 * spend is counted once, and its files (trajectory, diff) stay the attempt's.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { SavedWork, WorkJournal } from '../environments/types.ts';
import type { RecordingArtifactSink } from '../store/artifacts.ts';
import { ARTIFACTS_DIR, artifactDir } from '../store/artifacts.ts';
import type { JsonValue } from '../util/json.ts';

export const SAVED_WORK_FILE = 'collected-work.json';

/** A saved work record, with the artifact files the try that saved it had written. */
export interface SavedRecord {
  work: SavedWork;
  artifacts: Record<string, string>;
}

const json: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(json),
    z.record(z.string(), json),
  ]),
);
const record = z.object({
  work: z.object({
    outcome: z.object({ status: z.enum(['completed', 'agent_error', 'limit']) }).loose(),
    collected: z.union([
      z.object({ ok: z.literal(true), work: json, details: z.record(z.string(), json) }),
      z.object({ ok: z.literal(false), reason: z.string(), details: z.record(z.string(), json) }),
    ]),
    durations: z.record(z.string(), json),
  }),
  artifacts: z.record(z.string(), z.string()),
});

/**
 * The record an earlier try left, or undefined: none, or one cut short by a crash while it
 * was written (it is written last, so the attempt then simply runs again).
 */
export async function readSavedWork(runDir: string, key: string): Promise<SavedRecord | undefined> {
  let text: string;
  try {
    text = await readFile(join(artifactDir(runDir, key), SAVED_WORK_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = record.safeParse(JSON.parse(text));
    if (!parsed.success) return undefined;
    // The files of the try that saved the work, the saved work's own file among them.
    const self = `${ARTIFACTS_DIR}/${key}/${SAVED_WORK_FILE}`;
    return {
      ...(parsed.data as SavedRecord),
      artifacts: { ...parsed.data.artifacts, [SAVED_WORK_FILE]: self },
    };
  } catch {
    return undefined;
  }
}

/** The journal of one try: what was saved before, and where this try saves. */
export function workJournal(
  saved: SavedRecord | undefined,
  artifacts: RecordingArtifactSink,
): WorkJournal & { savedArtifacts(): Record<string, string> } {
  let kept = saved?.artifacts ?? {};
  return {
    saved: saved?.work,
    async save(work) {
      const written = artifacts.written();
      const text = JSON.stringify({ work, artifacts: written } satisfies SavedRecord);
      await artifacts.write(SAVED_WORK_FILE, text);
      kept = artifacts.written();
    },
    savedArtifacts: () => kept,
  };
}
