/**
 * What redacting agent-sandbox secrets costs when an attempt writes its artifacts. Baseline:
 * the run store's own artifact sink writing the same files (real files under a temporary
 * run directory, fsynced as in a run). Typical IC artifacts: a large agent-output.txt, a
 * diff near the 5 MiB cap, a binary trace; three secrets, as with a preset's key, an
 * --agent-env value and a model key.
 *
 *   node bench/secret-redaction.ts [rounds]
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { redactingSink } from '../src/runner/redact.ts';
import { createArtifactSink } from '../src/store/artifacts.ts';

const rounds = Number(process.argv[2] ?? 7);
const SECRETS = ['sk-ant-api03-0123456789abcdef', 'sk-proj-fedcba9876543210', 'token-55aa66bb77cc'];

function textOf(bytes: number, withSecret: boolean): string {
  const line = 'npm run build\n> vite build\n✓ 42 modules transformed in 812 ms\n';
  let text = line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes);
  if (withSecret) text = `${text.slice(0, bytes / 2)}key=${SECRETS[0]}\n${text.slice(bytes / 2)}`;
  return text;
}

const FILES: [string, string | Uint8Array][] = [
  ['agent-output.txt', textOf(1024 ** 2, true)],
  ['agent.diff', textOf(5 * 1024 ** 2, false)],
  ['grade/test/trace.zip', randomBytes(5 * 1024 ** 2)],
];
const total = FILES.reduce(
  (n, [, d]) => n + (typeof d === 'string' ? Buffer.byteLength(d) : d.length),
  0,
);

async function timeRound(redact: boolean): Promise<number> {
  const dir = await mkdtemp(path.join(tmpdir(), 'swl-bench-redact-'));
  try {
    const plain = createArtifactSink(dir, `key-${redact}`);
    const sink = redact ? redactingSink(plain, SECRETS) : plain;
    const t0 = performance.now();
    for (const [name, data] of FILES) await sink.write(name, data);
    return performance.now() - t0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
await timeRound(false);
await timeRound(true);
const base: number[] = [];
const redacted: number[] = [];
for (let i = 0; i < rounds; i++) {
  base.push(await timeRound(false));
  redacted.push(await timeRound(true));
}
const b = median(base);
const r = median(redacted);
console.log(
  `${(total / 1024 ** 2).toFixed(1)} MiB of artifacts per attempt, ${SECRETS.length} secrets, median of ${rounds}, Node ${process.version}\n`,
);
console.log('| writing the artifacts | ms | × baseline |');
console.log('|---|---:|---:|');
console.log(`| store artifact sink (baseline) | ${b.toFixed(1)} | 1.00 |`);
console.log(`| redacting sink over it | ${r.toFixed(1)} | ${(r / b).toFixed(2)} |`);
