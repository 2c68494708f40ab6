/**
 * `swelancer run --model ...` as a user runs it: the real CLI in a child process, the real
 * OpenAI and Anthropic SDKs talking HTTP to a local server that speaks their wire
 * protocols, a real SQLite run store. Manager tasks come in the official CSV format.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../src/store/run-store.ts';
import { type CsvManagerRow, managerCsv } from './run-helpers.ts';
import {
  type RecordedRequest,
  type ScriptedProvider,
  type ScriptStep,
  startScriptedProvider,
} from './support/scripted-provider/index.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'swelancer.js');
const OPENAI_KEY = 'sk-openai-e2e-SECRET-4f1c9a7e2b';
const ANTHROPIC_KEY = 'sk-ant-e2e-SECRET-8d3e5b1f0c';

const ROWS: CsvManagerRow[] = Array.from({ length: 6 }, (_, i) => ({
  id: `${2000 + i}-manager-0`,
  price: [1000, 2000, 500][i % 3] ?? 1000,
  proposals: 3 + (i % 2),
  correct: i % 3,
}));
const TOTAL_USD = ROWS.reduce((sum, r) => sum + r.price, 0);
const USAGE = { input: 10_000, cachedInput: 2_000, output: 1_000 };

let cwd: string;
let server: ScriptedProvider;
let env: Record<string, string>;

/** Finds which task a request is about (the issue names the item id) and its proposals. */
function taskOf(request: RecordedRequest): CsvManagerRow {
  const row = ROWS.find((r) => request.text.includes(`item ${r.id}`));
  if (!row) throw new Error(`request about no known task: ${request.text.slice(0, 200)}`);
  return row;
}

/** A model that always picks the right proposal, or always a wrong one. */
function manager(right: boolean) {
  return (request: RecordedRequest): ScriptStep => {
    const row = taskOf(request);
    const id = right ? row.correct : (row.correct + 1) % row.proposals;
    return {
      reply: {
        text: `I choose proposal ${id}.`,
        toolCalls: [{ name: 'select_proposal', arguments: { proposal_id: id } }],
        usage: USAGE,
      },
    };
  };
}

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'swl-llm-run-'));
  writeFileSync(join(cwd, 'tasks.csv'), managerCsv(ROWS));
  // The server accepts one key; each SDK must send its own provider's key.
  server = await startScriptedProvider({ apiKey: OPENAI_KEY });
  const anthropic = await startScriptedProvider({ apiKey: ANTHROPIC_KEY });
  const close = server.close;
  server.close = async () => {
    await anthropic.close();
    await close();
  };
  server.script('gpt-4o', manager(true));
  server.script('down-model', () => ({ error: { status: 503, message: 'upstream down' } }));
  anthropic.script('claude-opus-4-5', manager(false));
  env = {
    OPENAI_API_KEY: OPENAI_KEY,
    OPENAI_BASE_URL: server.openaiBaseUrl,
    ANTHROPIC_API_KEY: ANTHROPIC_KEY,
    ANTHROPIC_BASE_URL: anthropic.anthropicBaseUrl,
    SWELANCER_MODEL_RETRY_BASE_MS: '1',
    SWELANCER_INFRA_RETRY_BASE_MS: '1',
  };
});
afterAll(async () => {
  await server.close();
  rmSync(cwd, { recursive: true, force: true });
});

function swelancer(args: string[], extraEnv: Record<string, string> = {}) {
  return execa(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...env, ...extraEnv },
    extendEnv: false,
    reject: false,
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

interface JsonSummary {
  runDir: string;
  total: number;
  recorded: number;
  alreadyDone: number;
  interrupted: boolean;
  stoppedBySpendCap: boolean;
  agents: { agent: string; earnedUsd: number; availableUsd: number; pass1: number | null }[];
}

// gpt-4o: 8000 uncached × $2.50 + 2000 cached × $1.25 + 1000 output × $10 per million.
const GPT4O_CALL = (8_000 * 2.5 + 2_000 * 1.25 + 1_000 * 10) / 1e6;
// claude-opus-4-5: $5 input, $0.50 cache read, $25 output per million.
const OPUS_CALL = (8_000 * 5 + 2_000 * 0.5 + 1_000 * 25) / 1e6;

describe('swelancer run --model', () => {
  it('runs two models in one run: earnings, pass@1, cost and net margin side by side', async () => {
    const run = await swelancer([
      'run',
      'tasks.csv',
      '--model',
      'openai:gpt-4o',
      '--model',
      'anthropic:claude-opus-4-5',
      '--json',
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as JsonSummary;
    const by = Object.fromEntries(summary.agents.map((a) => [a.agent, a]));
    expect(by['openai:gpt-4o']).toMatchObject({ earnedUsd: TOTAL_USD, pass1: 1 });
    expect(by['anthropic:claude-opus-4-5']).toMatchObject({ earnedUsd: 0, pass1: 0 });

    const store = openRunStore(summary.runDir, { readonly: true });
    const results = store.results();
    store.close();
    expect(results).toHaveLength(12);
    for (const result of results) {
      const openai = result.agentLabel === 'openai:gpt-4o';
      expect(result.model).toBe(result.agentLabel);
      expect(result.costUsd).toBeCloseTo(openai ? GPT4O_CALL : OPUS_CALL, 12);
      expect(result.usage).toEqual({
        inputTokens: 10_000,
        cachedInputTokens: 2_000,
        outputTokens: 1_000,
        reasoningTokens: 0,
      });
      expect(Object.keys(result.artifacts)).toEqual(
        expect.arrayContaining(['trajectory.json', 'llm-prompt.md']),
      );
    }

    const report = await swelancer(['report', summary.runDir, '--json']);
    expect(report.exitCode, report.stderr).toBe(0);
    const text = report.stdout;
    expect(text).toContain('openai:gpt-4o');
    expect(text).toContain('anthropic:claude-opus-4-5');
    const parsed = JSON.parse(text) as {
      agents: {
        agent: string;
        models: string[];
        summary: { earnedUsd: number; pass1: number };
        cost: { costUsd: number; netMarginUsd: number };
      }[];
    };
    const gpt = parsed.agents.find((a) => a.agent === 'openai:gpt-4o');
    const opus = parsed.agents.find((a) => a.agent === 'anthropic:claude-opus-4-5');
    expect(gpt).toMatchObject({
      models: ['openai:gpt-4o'],
      summary: { earnedUsd: TOTAL_USD, pass1: 1 },
    });
    expect(opus).toMatchObject({ summary: { earnedUsd: 0, pass1: 0 } });
    expect(gpt?.cost.costUsd).toBeCloseTo(6 * GPT4O_CALL, 10);
    expect(gpt?.cost.netMarginUsd).toBeCloseTo(TOTAL_USD - 6 * GPT4O_CALL, 8);
    expect(opus?.cost.netMarginUsd).toBeCloseTo(-6 * OPUS_CALL, 10);

    // No key in any file of the run directory, nor in what the CLI printed.
    for (const file of filesUnder(summary.runDir)) {
      const content = readFileSync(file).toString('latin1');
      expect(content.includes(OPENAI_KEY), file).toBe(false);
      expect(content.includes(ANTHROPIC_KEY), file).toBe(false);
    }
    for (const output of [run.stdout, run.stderr, report.stdout, report.stderr]) {
      expect(output).not.toContain(OPENAI_KEY);
      expect(output).not.toContain(ANTHROPIC_KEY);
    }
  });

  it('--max-spend stops scheduling; the same command again resumes and finishes without re-running', async () => {
    server.script('gpt-4o-mini', manager(true));
    const model = 'openai:gpt-4o-mini';
    // gpt-4o-mini: per attempt (8000 × 0.15 + 2000 × 0.075 + 1000 × 0.6) / 1e6 = $0.00195.
    const perAttempt = (8_000 * 0.15 + 2_000 * 0.075 + 1_000 * 0.6) / 1e6;
    const first = await swelancer([
      'run',
      'tasks.csv',
      '--model',
      model,
      '--max-spend',
      '0.005',
      '--json',
    ]);
    const capped = JSON.parse(first.stdout) as JsonSummary;
    expect(first.exitCode, first.stderr).toBe(130);
    // $0.0039 after two attempts, $0.00585 after three: the third reaches the cap.
    expect(capped).toMatchObject({ recorded: 3, interrupted: true, stoppedBySpendCap: true });
    const callsAfterFirst = server.requests.filter((r) => r.model === 'gpt-4o-mini').length;
    expect(callsAfterFirst).toBe(3);

    // With the same cap the run is already spent: nothing new starts.
    const again = await swelancer([
      'run',
      'tasks.csv',
      '--model',
      model,
      '--max-spend',
      '0.005',
      '--json',
    ]);
    expect(JSON.parse(again.stdout)).toMatchObject({ recorded: 0, stoppedBySpendCap: true });

    const resumed = await swelancer(['run', 'tasks.csv', '--model', model, '--json']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const done = JSON.parse(resumed.stdout) as JsonSummary;
    expect(done).toMatchObject({
      runDir: capped.runDir,
      alreadyDone: 3,
      recorded: 3,
      interrupted: false,
    });
    expect(server.requests.filter((r) => r.model === 'gpt-4o-mini')).toHaveLength(6);
    expect(done.agents[0]).toMatchObject({ earnedUsd: TOTAL_USD, pass1: 1 });
    const store = openRunStore(done.runDir, { readonly: true });
    const spent = store.results().reduce((sum, r) => sum + (r.costUsd ?? 0), 0);
    store.close();
    expect(spent).toBeCloseTo(6 * perAttempt, 12);
  });

  it('a provider that stays down gives infra_error results, not model failures', async () => {
    const run = await swelancer([
      'run',
      'tasks.csv',
      '--model',
      'openai:down-model',
      '--id',
      ROWS[0]?.id ?? '',
      '--max-infra-retries',
      '1',
      '--json',
    ]);
    // Nothing was measured: not a success, though the summary is still printed.
    expect(run.exitCode, run.stderr).toBe(3);
    expect(run.stderr).toMatch(
      /nothing was measured: all 1 attempt\(s\) of this run ended as infra_error.*--retry-infra/s,
    );
    const summary = JSON.parse(run.stdout) as JsonSummary;
    const store = openRunStore(summary.runDir, { readonly: true });
    const [result] = store.results();
    store.close();
    expect(result?.status).toBe('infra_error');
    expect(result?.infraRetries).toBe(1);
    expect(result?.explanation).toMatch(/stayed unavailable after 6 calls/);
    // 6 calls per try, 2 tries.
    expect(server.requests.filter((r) => r.model === 'down-model')).toHaveLength(12);

    // The results of the earlier session count: resuming the finished run says the same.
    const again = await swelancer(['run', '--resume', summary.runDir]);
    expect(again.exitCode, again.stderr).toBe(3);
    expect(again.stderr).toContain('nothing was measured');

    // The model is back: --retry-infra measures the attempt, keeping the infra error as history.
    server.script('down-model', manager(true));
    try {
      const retried = await swelancer([
        'run',
        '--resume',
        summary.runDir,
        '--retry-infra',
        '--json',
      ]);
      expect(retried.exitCode, retried.stderr).toBe(0);
      expect(JSON.parse(retried.stdout)).toMatchObject({ total: 1, recorded: 1 });
    } finally {
      server.script('down-model', () => ({ error: { status: 503, message: 'upstream down' } }));
    }
    const after = openRunStore(summary.runDir, { readonly: true });
    expect(after.results().map((r) => r.status)).toEqual(['passed']);
    expect(after.supersededResults().map((r) => [r.key, r.status])).toEqual([
      [result?.key, 'infra_error'],
    ]);
    after.close();
  });

  it('a run with some infra errors and some measured attempts exits 0, the infra errors apart', async () => {
    const run = await swelancer([
      'run',
      'tasks.csv',
      '--agent',
      'gold',
      '--model',
      'openai:down-model',
      '--id',
      ROWS[1]?.id ?? '',
      '--max-infra-retries',
      '0',
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('nothing was measured');
    expect(run.stdout).toMatch(/^gold +earned \$2,000 \/ \$2,000 .* 1\/1 attempts$/m);
    expect(run.stdout).toMatch(/down-model +earned \$0 \/ \$0 .*1 infra errors \(not scored\)$/m);
  });

  it('bad model strings, missing keys and bad price files fail before any run starts (exit 2)', async () => {
    const badProvider = await swelancer(['run', 'tasks.csv', '--model', 'mistral:large']);
    expect(badProvider.exitCode).toBe(2);
    expect(badProvider.stderr).toMatch(
      /unknown agent "mistral:large": expected one of .*openai:<spec>/,
    );
    const noUrl = await swelancer(['run', 'tasks.csv', '--model', 'openai-compatible:llama3']);
    expect(noUrl.exitCode).toBe(2);
    expect(noUrl.stderr).toContain('expected "openai-compatible:<model>@<http(s) base URL>"');

    const noKey = await swelancer(['run', 'tasks.csv', '--model', 'anthropic:claude-opus-4-5'], {
      ANTHROPIC_API_KEY: '',
    });
    expect(noKey.exitCode).toBe(2);
    expect(noKey.stderr).toContain('an API key in the environment variable ANTHROPIC_API_KEY');

    const badParam = await swelancer([
      'run',
      'tasks.csv',
      '--model',
      'openai:o3?reasoning_effort=max',
    ]);
    expect(badParam.exitCode).toBe(2);
    expect(badParam.stderr).toMatch(/field "reasoning_effort".*found "max"/);

    writeFileSync(
      join(cwd, 'prices.json'),
      JSON.stringify({ llama3: { input: 0.1, output: '0.2' } }),
    );
    const badPrices = await swelancer([
      'run',
      'tasks.csv',
      '--model',
      `openai-compatible:llama3@${server.openaiBaseUrl}`,
      '--prices',
      'prices.json',
    ]);
    expect(badPrices.exitCode).toBe(2);
    expect(badPrices.stderr).toMatch(
      /prices\.json, field "llama3\.output": expected .*found "0\.2"/,
    );

    const unpriced = await swelancer([
      'run',
      'tasks.csv',
      '--model',
      `openai-compatible:llama3@${server.openaiBaseUrl}`,
      '--max-spend',
      '5',
    ]);
    expect(unpriced.exitCode).toBe(2);
    expect(unpriced.stderr).toContain('no entry in the price table');
    expect(readdirSync(cwd).filter((n) => n === 'runs')).toHaveLength(1); // from earlier tests only
  });

  it('shows the attempt in flight with its steps and spend, and its trajectory so far', {
    timeout: 120_000,
  }, async () => {
    const row = ROWS[0] as CsvManagerRow;
    // A first reply without a tool call, then an answer that takes a while to come.
    server.script('gpt-4.1', (request) =>
      request.index === 0
        ? { reply: { text: 'Let me think.', usage: USAGE } }
        : {
            reply: {
              toolCalls: [{ name: 'select_proposal', arguments: { proposal_id: row.correct } }],
              usage: USAGE,
            },
            delayMs: 4000,
          },
    );
    const runDir = join(cwd, 'live-llm');
    const run = swelancer([
      'run',
      'tasks.csv',
      '--model',
      'openai:gpt-4.1',
      '--id',
      row.id,
      '--run-dir',
      runDir,
    ]);
    // gpt-4.1: 8000 uncached × $2 + 2000 cached × $0.50 + 1000 output × $8 per million.
    const perCall = (8_000 * 2 + 2_000 * 0.5 + 1_000 * 8) / 1e6;
    let ended = false;
    void run.then(() => {
      ended = true;
    });
    let inFlight: { steps?: number; spendUsd?: number | null; key: string } | undefined;
    while (inFlight?.steps !== 1) {
      if (ended) throw new Error(`the run ended first: ${(await run).stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      try {
        const store = openRunStore(runDir, { readonly: true });
        inFlight = store.inFlight()[0];
        store.close();
      } catch {
        // Not created yet.
      }
    }
    expect(inFlight.spendUsd).toBeCloseTo(perCall, 12);
    const file = join(runDir, 'artifacts', inFlight.key, 'trajectory.json');
    const partial = JSON.parse(readFileSync(file, 'utf8')) as {
      steps: unknown[];
      outcome?: unknown;
    };
    expect([partial.steps.length, partial.outcome]).toEqual([1, undefined]);

    const done = await run;
    expect(done.exitCode, done.stderr).toBe(0);
    const final = JSON.parse(readFileSync(file, 'utf8')) as { steps: unknown[]; outcome?: unknown };
    expect(final.steps).toHaveLength(2);
    expect(final.outcome).toMatchObject({ status: 'completed' });
  });
});
