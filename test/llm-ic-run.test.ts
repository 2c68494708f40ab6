/**
 * The built-in agent on a real IC task through `swelancer run`: the real CLI, the IC
 * pipeline (broken state, sandbox, user tool, hidden Playwright tests in Chromium), and the
 * SDKs talking to the scripted provider (the real user tool is exercised by the IC pipeline's
 * own tests; the loop's use of it in test/llm-agent-ic.test.ts). One model fixes the bug through scripted tool
 * calls and earns the price; the other submits without a fix and earns nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../src/store/run-store.ts';
import { type ScriptedProvider, startScriptedProvider } from './support/scripted-provider/index.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'swelancer.js');
const SUITE = join(import.meta.dirname, 'fixtures', 'ic-app');
const KEY = 'sk-ic-run-SECRET-6b2d0e9a71';
const BROKEN = "if (typeof body.amountCents !== 'number' || Number.isNaN(body.amountCents)) {";
const FIXED = 'if (!Number.isInteger(body.amountCents) || body.amountCents <= 0) {';

let cwd: string;
let server: ScriptedProvider;

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'swl-llm-ic-'));
  server = await startScriptedProvider({ apiKey: KEY });
  const call = (name: string, args: unknown) => ({
    reply: { toolCalls: [{ name, arguments: args }] },
  });
  server.script('gpt-4.1', [
    call('run_command', { command: 'grep -n "amountCents" server.js' }),
    call('edit_file', { path: 'server.js', old_text: BROKEN, new_text: FIXED }),
    call('submit', { summary: 'reject zero and negative amounts' }),
  ]);
  server.script('claude-haiku-4-5', [call('submit', {})]);
});
afterAll(async () => {
  await server.close();
  rmSync(cwd, { recursive: true, force: true });
});

describe('swelancer run --model on an IC task', () => {
  // Two IC attempts, each graded in Chromium: about 30 s on an idle machine.
  it('the model that edits the code earns the price; the one that does nothing earns $0', {
    timeout: 240_000,
  }, async () => {
    const run = await execa(
      process.execPath,
      [
        BIN,
        'run',
        SUITE,
        '--id',
        'zero-amount-accepted',
        '--model',
        'openai:gpt-4.1',
        '--model',
        'anthropic:claude-haiku-4-5',
        '--json',
      ],
      {
        cwd,
        reject: false,
        env: {
          OPENAI_API_KEY: KEY,
          OPENAI_BASE_URL: server.openaiBaseUrl,
          ANTHROPIC_API_KEY: KEY,
          ANTHROPIC_BASE_URL: server.anthropicBaseUrl,
        },
      },
    );
    expect(run.exitCode, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { runDir: string };
    const store = openRunStore(summary.runDir, { readonly: true });
    const results = store.results();
    store.close();
    const by = Object.fromEntries(results.map((r) => [r.agentLabel, r]));
    expect(by['openai:gpt-4.1']).toMatchObject({
      status: 'passed',
      earnedUsd: 500,
      model: 'openai:gpt-4.1',
    });
    expect(by['anthropic:claude-haiku-4-5']).toMatchObject({ status: 'failed', earnedUsd: 0 });
    // 3 calls × (100 × $2 + 20 × $8) per million tokens; 1 call × (100 × $1 + 20 × $5).
    expect(by['openai:gpt-4.1']?.costUsd).toBeCloseTo((3 * (100 * 2 + 20 * 8)) / 1e6, 12);
    expect(by['anthropic:claude-haiku-4-5']?.costUsd).toBeCloseTo((100 * 1 + 20 * 5) / 1e6, 12);

    // What the model read back: the grep output, then the edit's confirmation.
    const sent = server.requests.filter((r) => r.model === 'gpt-4.1');
    expect(sent[1]?.text).toMatch(/\[exit code 0\]\n\d+:.*amountCents/);
    expect(sent[2]?.text).toContain('Edited server.js at line');
  });
});
