/**
 * Secrets the run holds (API keys passed into agent sandboxes, model keys) never reach the
 * run directory: every artifact and every recorded result passes through here first. Text
 * and bytes alike, since a CLI agent's output or a file it wrote can echo its key.
 */
import type { RecordingArtifactSink } from '../store/artifacts.ts';
import type { AttemptResult } from '../store/types.ts';
import type { JsonValue } from '../util/json.ts';
import { makeRedactor } from '../util/logger.ts';

const MARK = '[redacted]';

/** The same rule as `makeRedactor`: secrets shorter than 8 characters are left alone. */
function usable(secrets: readonly string[]): string[] {
  return [...new Set(secrets.filter((secret) => secret.length >= 8))];
}

/** Replaces each secret in a byte buffer (binary files too: a key in a trace is still a key). */
export function redactBytes(data: Uint8Array, secrets: readonly string[]): Uint8Array {
  let buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  for (const secret of usable(secrets)) {
    const needle = Buffer.from(secret);
    if (buffer.indexOf(needle) === -1) continue;
    const parts: Buffer[] = [];
    let from = 0;
    for (let at = buffer.indexOf(needle); at !== -1; at = buffer.indexOf(needle, from)) {
      parts.push(buffer.subarray(from, at), Buffer.from(MARK));
      from = at + needle.length;
    }
    parts.push(buffer.subarray(from));
    buffer = Buffer.concat(parts);
  }
  return buffer;
}

/** An artifact sink that redacts everything written through it. */
export function redactingSink(
  sink: RecordingArtifactSink,
  secrets: readonly string[],
): RecordingArtifactSink {
  const list = usable(secrets);
  if (list.length === 0) return sink;
  const redact = makeRedactor(list);
  return {
    write: (name, data) =>
      sink.write(name, typeof data === 'string' ? redact(data) : redactBytes(data, list)),
    written: () => sink.written(),
  };
}

/** Every string of a JSON value, redacted (walked, so JSON escapes never hide a secret). */
export function redactJson(value: JsonValue, redact: (text: string) => string): JsonValue {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactJson(item, redact));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redactJson(item, redact)]),
    );
  }
  return value;
}

/** The texts of a result (explanation, details) redacted before it is recorded. */
export function redactResult(result: AttemptResult, secrets: readonly string[]): AttemptResult {
  const list = usable(secrets);
  if (list.length === 0) return result;
  const redact = makeRedactor(list);
  return {
    ...result,
    explanation: redact(result.explanation),
    details: redactJson(result.details, redact),
  };
}
