/**
 * A CLI agent preset end to end through the real CLI: `--agent preset:codex?model=o3` with a
 * fake `codex` provided by `--agent-path`. The fake checks it was called the way the preset
 * promises (non-interactive exec, the model, the issue as its prompt, its key in the
 * environment), fixes the fixture's bug and earns the price. Its cost is unknown to the
 * harness, and the report says so instead of calling it free. A preset whose key is not set
 * is refused before anything is created.
 */
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../src/store/run-store.ts';
import { IC_FIXTURE, REPO, tempDir } from './ic-helpers.ts';

const KEY = 'sk-fake-codex-key-4e1d2c';
const BIN = path.join(REPO, 'bin', 'swelancer.js');
const NODE = path.join(REPO, 'node_modules', '.bin', 'node');
const BROKEN = "if (typeof body.amountCents !== 'number' || Number.isNaN(body.amountCents)) {";
const FIXED = 'if (!Number.isInteger(body.amountCents) || body.amountCents <= 0) {';

let cwd: string;
let tools: string;

beforeAll(async () => {
  cwd = await tempDir('agent-preset');
  tools = path.join(cwd, 'tools');
  await mkdir(tools, { mode: 0o755 });
  const fix = `const fs = require('node:fs');
const text = fs.readFileSync('server.js', 'utf8');
fs.writeFileSync('server.js', text.replace(${JSON.stringify(BROKEN)}, ${JSON.stringify(FIXED)}));`;
  // A stand-in for the real Codex CLI: same name, same command line, edits the workspace.
  const codex = `#!/bin/bash
set -e
[ "$1" = exec ] || { echo "expected the exec subcommand, got: $*" >&2; exit 64; }
[ "$2" = --dangerously-bypass-approvals-and-sandbox ] || { echo "approvals not bypassed" >&2; exit 64; }
[ "$4 $5" = "--model o3" ] || { echo "expected --model o3, got: $4 $5" >&2; exit 64; }
case "\${@: -1}" in *"Expenses of \\$0 or negative amounts are saved"*) ;; *) echo "no issue in the prompt" >&2; exit 64;; esac
[ -n "$OPENAI_API_KEY" ] || { echo "OPENAI_API_KEY is not set" >&2; exit 65; }
echo "codex: using key $OPENAI_API_KEY"
node -e ${shellQuote(fix)}
echo "codex: fixed server.js"
`;
  await writeFile(path.join(tools, 'codex'), codex);
  await chmod(path.join(tools, 'codex'), 0o755);
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function swelancer(args: string[], env: Record<string, string> = {}) {
  return execa(NODE, [BIN, ...args], {
    cwd,
    reject: false,
    timeout: 180_000,
    extendEnv: false,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...env },
  });
}

const RUN = ['run', IC_FIXTURE, '--id', 'zero-amount-accepted', '--agent', 'preset:codex?model=o3'];

describe('--agent preset:codex with a CLI from --agent-path', () => {
  it('fixes the bug and earns the price; its cost is unknown, not $0', {
    timeout: 240_000,
  }, async () => {
    const run = await swelancer([...RUN, '--agent-path', tools, '--run-dir', 'run', '--json'], {
      OPENAI_API_KEY: KEY,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    // Presets call their model API: the missing network opt-in is pointed out.
    expect(run.stderr).toContain('add --agent-network host');
    const summary = JSON.parse(run.stdout) as {
      agents: { agent: string; earnedUsd: number; costUsd: number | null }[];
    };
    expect(summary.agents).toEqual([
      expect.objectContaining({ agent: 'preset:codex?model=o3', earnedUsd: 500, costUsd: null }),
    ]);

    const runDir = path.join(cwd, 'run');
    const store = openRunStore(runDir, { readonly: true });
    const [result] = store.results();
    store.close();
    expect(result).toMatchObject({ status: 'passed', earnedUsd: 500, costUsd: null });
    const output = await readFile(
      path.join(runDir, result?.artifacts['agent-output.txt'] ?? ''),
      'utf8',
    );
    expect(output).toContain('codex: fixed server.js');
    expect(output).toContain('codex: using key [redacted]');

    const report = await swelancer(['report', runDir]);
    expect(report.exitCode, report.stderr).toBe(0);
    const costRow = report.stdout
      .split('\n')
      // The agent's row, under its label or, for a long label, its one-letter alias.
      .find((line) => /^(preset:codex\S*|A)\s/.test(line.trim()) && line.includes('unknown'));
    // spent, cost, net margin and cost per earned $ are all unknown.
    expect(costRow?.match(/unknown/g)).toHaveLength(4);
    const json = await swelancer(['report', runDir, '--json']);
    const cost = (JSON.parse(json.stdout) as { agents: { cost: unknown }[] }).agents[0]?.cost;
    expect(cost).toEqual({
      spentUsd: null,
      costUsd: null,
      netMarginUsd: null,
      costPerEarnedUsd: null,
      unknownCostAttempts: 1,
    });
  });

  it('a preset without its key is refused before anything is created', async () => {
    const run = await swelancer([...RUN, '--agent-path', tools, '--run-dir', 'nokey']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      '--agent preset:codex?model=o3: expected OPENAI_API_KEY set in the environment of swelancer',
    );
    await expect(readdir(path.join(cwd, 'nokey'))).rejects.toThrow(/ENOENT/);
  });
});
