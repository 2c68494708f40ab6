/** Evidence files: regular files inside the run's artifacts, found by URL segments. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEvidence } from './evidence.ts';

let runDir: string;
beforeAll(() => {
  runDir = join(mkdtempSync(join(tmpdir(), 'swelancer-evidence-')), 'run');
  mkdirSync(join(runDir, 'artifacts', 'k1', 'grade'), { recursive: true });
  writeFileSync(join(runDir, 'artifacts', 'k1', 'grade', 'trace.zip'), 'PK');
  writeFileSync(join(runDir, 'artifacts', 'k1', 'agent.diff'), '+x\n');
  writeFileSync(join(runDir, 'secret.txt'), 'outside');
  symlinkSync(join(runDir, 'secret.txt'), join(runDir, 'artifacts', 'k1', 'link.txt'));
});
afterAll(() => rmSync(join(runDir, '..'), { recursive: true, force: true }));

describe('evidence files', () => {
  it('are found with their content type', () => {
    expect(findEvidence(runDir, ['k1', 'grade', 'trace.zip'])).toMatchObject({
      contentType: 'application/zip',
      size: 2,
    });
    expect(findEvidence(runDir, ['k1', 'agent.diff'])?.contentType).toBe(
      'text/plain; charset=utf-8',
    );
  });

  it('never include directories, paths that climb, or links that lead out', () => {
    expect(findEvidence(runDir, ['k1', 'grade'])).toBeUndefined();
    expect(findEvidence(runDir, ['..', 'secret.txt'])).toBeUndefined();
    expect(findEvidence(runDir, ['%2e%2e', 'secret.txt'])).toBeUndefined();
    expect(findEvidence(runDir, ['..%2Fsecret.txt'])).toBeUndefined();
    expect(findEvidence(runDir, ['k1', 'link.txt'])).toBeUndefined();
    expect(findEvidence(runDir, ['%E0%A4%A'])).toBeUndefined();
    expect(findEvidence(runDir, [])).toBeUndefined();
  });
});
