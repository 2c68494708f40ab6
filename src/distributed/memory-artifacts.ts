/**
 * A worker's artifact sink: files kept in memory and sent back with the result, for the
 * coordinator to write into the run directory. Paths are the ones the coordinator's store
 * gives them (`artifacts/<key>/<name>`), so the result points at the right files.
 */
import { ARTIFACTS_DIR, type RecordingArtifactSink } from '../store/artifacts.ts';

export interface MemoryArtifacts {
  artifactSink(key: string): RecordingArtifactSink;
  clearArtifacts(key: string): Promise<void>;
  /** The files of `key`, base64 by name. */
  files(key: string): Record<string, string>;
}

export function memoryArtifacts(): MemoryArtifacts {
  const byKey = new Map<string, Map<string, Uint8Array>>();
  const filesOf = (key: string) => {
    let files = byKey.get(key);
    if (!files) {
      files = new Map();
      byKey.set(key, files);
    }
    return files;
  };
  return {
    artifactSink(key) {
      const written: Record<string, string> = {};
      return {
        async write(name, data) {
          filesOf(key).set(name, typeof data === 'string' ? Buffer.from(data) : data);
          written[name] = `${ARTIFACTS_DIR}/${key}/${name}`;
          return written[name];
        },
        written: () => ({ ...written }),
      };
    },
    async clearArtifacts(key) {
      byKey.delete(key);
    },
    files(key) {
      const out: Record<string, string> = {};
      for (const [name, data] of byKey.get(key) ?? []) {
        out[name] = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
      }
      byKey.delete(key);
      return out;
    },
  };
}
