import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmAgent } from '../src/agent/llm/create.ts';
import type { Trajectory } from '../src/agent/llm/trajectory.ts';
import { InfraError, InputError } from '../src/errors.ts';
import { SpendMeter } from '../src/model/spend.ts';
import { folderSink, managerInput } from './support/scripted-provider/agent-inputs.ts';
import { type ScriptedProvider, startScriptedProvider } from './support/scripted-provider/index.ts';

const KEY = 'sk-limits-test-key-abcdefghijkl';
let server: ScriptedProvider;
let env: Record<string, string>;
let dir: string;
let counter = 0;

beforeAll(async () => {
  server = await startScriptedProvider({ apiKey: KEY });
  env = {
    OPENAI_API_KEY: KEY,
    OPENAI_BASE_URL: server.openaiBaseUrl,
    ANTHROPIC_API_KEY: KEY,
    ANTHROPIC_BASE_URL: server.anthropicBaseUrl,
  };
  dir = await mkdtemp(path.join(tmpdir(), 'llm-limits-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** A fresh artifact folder and input per attempt. */
function attempt() {
  const sink = folderSink(path.join(dir, `attempt-${++counter}`));
  return { sink, input: managerInput(sink) };
}

const select = (id: unknown) => ({
  reply: { toolCalls: [{ name: 'select_proposal', arguments: { proposal_id: id } }] },
});
const talk = { reply: { text: 'Let me think about it.', usage: { input: 1000, output: 100 } } };

describe('the LLM agent on a manager task', () => {
  it('answers through select_proposal and records the trajectory with costs', async () => {
    server.script('gpt-4o', [
      {
        reply: {
          text: 'The off-by-one is the root cause.',
          toolCalls: [{ name: 'select_proposal', arguments: { proposal_id: 1 } }],
          usage: { input: 1200, cachedInput: 200, output: 80 },
        },
      },
    ]);
    const agent = await createLlmAgent('openai:gpt-4o', { env });
    const { sink, input } = attempt();
    const outcome = await agent.run(input);
    // 1000 × $2.50 + 200 × $1.25 + 80 × $10 per million tokens.
    const cost = (1000 * 2.5 + 200 * 1.25 + 80 * 10) / 1e6;
    expect(outcome).toMatchObject({
      status: 'completed',
      selectedProposalId: 1,
      model: 'openai:gpt-4o',
    });
    expect(outcome.costUsd).toBeCloseTo(cost, 12);
    const trajectory = JSON.parse(sink.files.get('trajectory.json') ?? '{}') as Trajectory;
    expect(trajectory.format).toBe('swelancer.trajectory/1');
    expect(trajectory.prompt[1]?.content).toBe(input.prompt);
    expect(trajectory.steps).toHaveLength(1);
    expect(trajectory.steps[0]?.toolResults[0]).toMatchObject({
      name: 'select_proposal',
      isError: false,
    });
    expect(trajectory.outcome).toMatchObject({ status: 'completed', selectedProposalId: 1 });
    expect(trajectory.outcome?.costUsd).toBeCloseTo(cost, 12);
    expect(sink.files.get('llm-prompt.md')).toContain(input.prompt);
  });

  it('reports each step and its spend, and writes the trajectory as it grows', async () => {
    server.script('gpt-4o', [talk, talk, select(1)]);
    const agent = await createLlmAgent('openai:gpt-4o', { env });
    const { sink, input } = attempt();
    const seen: Trajectory[] = [];
    const progress: { steps: number; spendUsd: number | null }[] = [];
    const outcome = await agent.run({
      ...input,
      artifacts: {
        async write(name, data) {
          if (name === 'trajectory.json') seen.push(JSON.parse(String(data)) as Trajectory);
          return sink.write(name, data);
        },
      },
      onProgress: (p) => progress.push(p),
    });
    expect(outcome.status).toBe('completed');
    // After each model reply and again after its tools: steps 1, 1, 2, 2, 3, 3.
    expect(progress.map((p) => p.steps)).toEqual([1, 1, 2, 2, 3, 3]);
    const spends = progress.map((p) => p.spendUsd ?? Number.NaN);
    expect(spends[2]).toBeGreaterThan(spends[0] ?? Number.POSITIVE_INFINITY);
    expect(spends.at(-1)).toBeCloseTo(outcome.costUsd ?? Number.NaN, 12);
    // Readers mid-attempt see the steps so far without an outcome; the last write is final.
    expect(seen.slice(0, -1).map((t) => [t.steps.length, t.outcome])).toEqual([
      [1, undefined],
      [1, undefined],
      [2, undefined],
      [2, undefined],
      [3, undefined],
      [3, undefined],
    ]);
    expect(seen.at(-1)?.outcome).toMatchObject({ status: 'completed', selectedProposalId: 1 });
    expect(JSON.parse(sink.files.get('trajectory.json') ?? '{}')).toEqual(seen.at(-1));
  });

  it('feeds invalid arguments and an unknown proposal back as tool errors, then accepts a valid answer', async () => {
    server.script('claude-opus-4-5', [
      select('one'),
      select(7),
      { reply: { toolCalls: [{ name: 'pick', arguments: { id: 1 } }] } },
      select(2),
    ]);
    const agent = await createLlmAgent('anthropic:claude-opus-4-5', { env });
    const { input } = attempt();
    const outcome = await agent.run(input);
    expect(outcome).toMatchObject({ status: 'completed', selectedProposalId: 2 });
    const sent = server.requests.filter((r) => r.model === 'claude-opus-4-5');
    expect(sent).toHaveLength(4);
    // What the model was told after each bad call, as Anthropic tool_result blocks.
    expect(sent[1]?.text).toMatch(/Invalid arguments for select_proposal: proposal_id: .*number/);
    expect(JSON.stringify(sent[1]?.body)).toContain('"is_error":true');
    expect(sent[2]?.text).toContain('There is no proposal 7; choose one of 0, 1, 2.');
    expect(sent[3]?.text).toContain('Unknown tool "pick". Available tools: select_proposal.');
  });

  it('malformed tool-call JSON, repeated, ends the attempt as agent_error', async () => {
    const bad = {
      reply: { toolCalls: [{ name: 'select_proposal', arguments: '{"proposal_id": 1' }] },
    };
    server.script('gpt-4.1', [bad, bad, bad]);
    const agent = await createLlmAgent('openai:gpt-4.1', { env });
    const outcome = await agent.run(attempt().input);
    expect(outcome.status).toBe('agent_error');
    expect(outcome.reason).toMatch(/3 malformed replies in a row/);
    const last = server.requests.filter((r) => r.model === 'gpt-4.1').at(-1);
    expect(last?.text).toContain('The arguments of select_proposal are not valid JSON');
  });

  it('a request the provider refuses (HTTP 400) is agent_error', async () => {
    server.script('gpt-4.1-mini', [
      { error: { status: 400, message: 'maximum context length exceeded' } },
    ]);
    const agent = await createLlmAgent('openai:gpt-4.1-mini', { env });
    const outcome = await agent.run(attempt().input);
    expect(outcome).toMatchObject({ status: 'agent_error' });
    expect(outcome.reason).toContain('maximum context length exceeded');
  });

  it('steps limit: the model never answers within maxSteps', async () => {
    server.script('gpt-4o-mini', () => talk);
    const agent = await createLlmAgent('openai:gpt-4o-mini', {
      env,
      limits: { maxSteps: 4, maxMalformedInARow: 100 },
    });
    const outcome = await agent.run(attempt().input);
    expect(outcome).toMatchObject({ status: 'limit', selectedProposalId: null });
    expect(outcome.reason).toMatch(/^steps: 4 model calls/);
    expect(outcome.usage?.inputTokens).toBe(4000);
  });

  it('time limit: a model call that never returns is cut at the wall-time limit', async () => {
    server.script('o3', [talk, { hang: true }]);
    const agent = await createLlmAgent('openai:o3', {
      env,
      limits: { maxTimeMs: 400, maxMalformedInARow: 100 },
    });
    const started = Date.now();
    const outcome = await agent.run(attempt().input);
    expect(outcome.status).toBe('limit');
    expect(outcome.reason).toMatch(/^time:/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(outcome.usage?.inputTokens).toBe(1000);
  });

  it('tokens limit fires once input plus output tokens reach it', async () => {
    server.script('o4-mini', () => talk);
    const agent = await createLlmAgent('openai:o4-mini', {
      env,
      limits: { maxTokens: 2500, maxMalformedInARow: 100 },
    });
    const outcome = await agent.run(attempt().input);
    // 1100 tokens per call: 2200 after two calls, 3300 after three.
    expect(outcome).toMatchObject({
      status: 'limit',
      reason: 'tokens: 3300 tokens used, limit 2500',
    });
  });

  it('cost limit fires on dollars computed from the price table', async () => {
    server.script('claude-opus-4-1', () => talk);
    const spend = new SpendMeter(undefined);
    const agent = await createLlmAgent('anthropic:claude-opus-4-1', {
      env,
      spend,
      limits: { maxCostUsd: 0.05, maxMalformedInARow: 100 },
    });
    const outcome = await agent.run(attempt().input);
    // Per call: 1000 × $15 + 100 × $75 per million = $0.0225; the third call passes $0.05.
    expect(outcome).toMatchObject({ status: 'limit' });
    expect(outcome.reason).toMatch(/^cost: \$0\.0675 spent, limit \$0\.05/);
    expect(outcome.costUsd).toBeCloseTo(0.0675, 12);
    expect(spend.spentUsd).toBeCloseTo(0.0675, 12);
  });

  it('a dollar limit on a model without a price is refused before anything runs', async () => {
    await expect(
      createLlmAgent(`openai-compatible:llama3@${server.openaiBaseUrl}`, {
        env,
        limits: { maxCostUsd: 1 },
      }),
    ).rejects.toThrow(InputError);
    await expect(
      createLlmAgent(`openai-compatible:llama3@${server.openaiBaseUrl}`, {
        env,
        spend: new SpendMeter(5),
      }),
    ).rejects.toThrow(/no entry in the price table/);
  });

  it('a provider that stays down throws InfraError (infra_error), and the trajectory is still written', async () => {
    server.script('gpt-5', () => ({ error: { status: 503, message: 'upstream unavailable' } }));
    const agent = await createLlmAgent('openai:gpt-5', {
      env,
      retry: { maxAttempts: 2, baseDelayMs: 5 },
    });
    const { sink, input } = attempt();
    await expect(agent.run(input)).rejects.toBeInstanceOf(InfraError);
    const trajectory = JSON.parse(sink.files.get('trajectory.json') ?? '{}') as Trajectory;
    expect(trajectory.outcome?.status).toBe('infra_error');
  });
});
