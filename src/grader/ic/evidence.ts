import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SANDBOX_RUNNER_OUT } from '../../ic/layout.ts';
import type { ArtifactSink } from '../../util/artifact-sink.ts';

/** Copies Playwright's screenshots and traces of failed tests out as artifacts. */
export async function keepFailureEvidence(
  sandbox: { copyOut(from: string, to: string): Promise<void> },
  artifacts: ArtifactSink,
): Promise<void> {
  const temp = await mkdtemp(path.join(tmpdir(), 'swelancer-grade-'));
  try {
    await sandbox.copyOut(`${SANDBOX_RUNNER_OUT}/test-results`, path.join(temp, 'test-results'));
    const root = path.join(temp, 'test-results');
    const files = await readdir(root, { recursive: true, withFileTypes: true });
    for (const entry of files) {
      if (!entry.isFile() || !/\.(png|zip|jpe?g|webm|md)$/.test(entry.name)) continue;
      const full = path.join(entry.parentPath, entry.name);
      const relative = path.relative(root, full);
      // Playwright's working folders (`.playwright-artifacts-N`: trace screencast frames, also
      // inside each trace.zip) are left behind when a run stops at its first failure.
      if (relative.startsWith('.')) continue;
      await artifacts.write(`grade/${relative}`, await readFile(full));
    }
  } catch {
    // No test-results folder (e.g. nothing failed inside a test): nothing to keep.
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
