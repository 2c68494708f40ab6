import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfraError } from '../src/errors.ts';
import { ModelCallError } from '../src/model/call-error.ts';
import { resolveModel } from '../src/model/resolve.ts';
import type { ToolSpec } from '../src/model/types.ts';
import { type ScriptedProvider, startScriptedProvider } from './support/scripted-provider/index.ts';

const KEY = 'sk-test-provider-key-1234567890';
const TOOLS: ToolSpec[] = [
  {
    name: 'select_proposal',
    description: 'Pick a proposal',
    parameters: {
      type: 'object',
      properties: { proposal_id: { type: 'integer' } },
      required: ['proposal_id'],
    },
  },
];

let server: ScriptedProvider;
let env: Record<string, string>;
beforeAll(async () => {
  server = await startScriptedProvider({ apiKey: KEY });
  env = {
    OPENAI_API_KEY: KEY,
    OPENAI_BASE_URL: server.openaiBaseUrl,
    ANTHROPIC_API_KEY: KEY,
    ANTHROPIC_BASE_URL: server.anthropicBaseUrl,
  };
});
afterAll(() => server.close());

const noJitter = () => 0;

describe('providers through the official SDKs', () => {
  it('OpenAI: tool calls, usage and cost (gpt-4o list price) come back through the SDK', async () => {
    server.script('gpt-4o', [
      {
        reply: {
          toolCalls: [{ name: 'select_proposal', arguments: { proposal_id: 2 } }],
          usage: { input: 1000, cachedInput: 400, output: 200 },
        },
      },
    ]);
    const model = await resolveModel('openai:gpt-4o?temperature=0.5&max_tokens=300', { env });
    const call = await model.generate({
      messages: [{ role: 'user', content: 'Pick one' }],
      tools: TOOLS,
    });
    expect(call.reply.toolCalls).toEqual([
      { id: expect.any(String), name: 'select_proposal', arguments: '{"proposal_id":2}' },
    ]);
    expect(call.reply.usage).toEqual({
      inputTokens: 1000,
      cachedInputTokens: 400,
      outputTokens: 200,
      reasoningTokens: 0,
    });
    // 600 × $2.50 + 400 × $1.25 + 200 × $10, per million tokens.
    expect(call.costUsd).toBeCloseTo((600 * 2.5 + 400 * 1.25 + 200 * 10) / 1e6, 12);
    const sent = server.requests.at(-1);
    expect(sent?.body).toMatchObject({ temperature: 0.5, max_completion_tokens: 300 });
    expect(sent?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('Anthropic: tool_use blocks, cache reads and cost (claude-haiku-4-5 list price)', async () => {
    server.script('claude-haiku-4-5', [
      {
        reply: {
          text: 'Proposal 1 fixes the root cause.',
          toolCalls: [{ name: 'select_proposal', arguments: { proposal_id: 1 } }],
          usage: { input: 2000, cachedInput: 1000, output: 100 },
        },
      },
    ]);
    const model = await resolveModel('anthropic:claude-haiku-4-5', { env });
    const call = await model.generate({
      messages: [
        { role: 'system', content: 'You are a manager.' },
        { role: 'user', content: 'Pick one' },
      ],
      tools: TOOLS,
    });
    expect(call.reply.text).toBe('Proposal 1 fixes the root cause.');
    expect(call.reply.toolCalls[0]).toMatchObject({
      name: 'select_proposal',
      arguments: '{"proposal_id":1}',
    });
    expect(call.reply.usage).toEqual({
      inputTokens: 2000,
      cachedInputTokens: 1000,
      outputTokens: 100,
      reasoningTokens: 0,
    });
    expect(call.costUsd).toBeCloseTo((1000 * 1 + 1000 * 0.1 + 100 * 5) / 1e6, 12);
    const sent = server.requests.at(-1);
    expect(sent?.body).toMatchObject({ system: 'You are a manager.', max_tokens: 8192 });
    // SDK 1.x sends the key as a bearer token; older ones as x-api-key.
    expect([sent?.headers['x-api-key'], sent?.headers.authorization]).toContainEqual(
      expect.stringContaining(KEY),
    );
  });

  it('a 429 with retry-after is retried after the asked delay, then succeeds', async () => {
    server.script('gpt-4o-mini', [
      { error: { status: 429, headers: { 'retry-after': '0.3' }, message: 'Rate limit reached' } },
      { reply: { text: 'ok' } },
    ]);
    const model = await resolveModel('openai:gpt-4o-mini', { env, random: noJitter });
    const started = performance.now();
    const call = await model.generate({ messages: [{ role: 'user', content: 'hi' }], tools: [] });
    expect(call.reply.text).toBe('ok');
    expect(call.retries).toBe(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('a provider that stays down becomes an InfraError after the bounded attempts', async () => {
    server.script('claude-haiku-4-5', () => ({ error: { status: 529, message: 'Overloaded' } }));
    const before = server.requests.length;
    const model = await resolveModel('anthropic:claude-haiku-4-5', {
      env,
      retry: { maxAttempts: 3, baseDelayMs: 5 },
    });
    const failure = model.generate({ messages: [{ role: 'user', content: 'hi' }], tools: [] });
    await expect(failure).rejects.toBeInstanceOf(InfraError);
    await expect(failure).rejects.toThrow(/stayed unavailable after 3 calls.*529/);
    expect(server.requests.length - before).toBe(3);
  });

  it('a wrong key is infrastructure (no retries), a refused request is the model’s problem', async () => {
    server.script('gpt-4.1', [{ error: { status: 400, message: 'context too long' } }]);
    const wrongKey = await resolveModel('openai:gpt-4.1', {
      env: { ...env, OPENAI_API_KEY: 'sk-wrong-key-000000' },
    });
    const refusedKey = await wrongKey
      .generate({ messages: [{ role: 'user', content: 'hi' }], tools: [] })
      .catch((error: unknown) => error);
    expect(refusedKey).toBeInstanceOf(InfraError);
    expect((refusedKey as Error).message).toMatch(/refused the credentials \(HTTP 401\)/);
    expect((refusedKey as Error).message).not.toContain('sk-wrong-key');
    const model = await resolveModel('openai:gpt-4.1', { env });
    const refused = model.generate({ messages: [{ role: 'user', content: 'hi' }], tools: [] });
    await expect(refused).rejects.toBeInstanceOf(ModelCallError);
    await expect(refused).rejects.toMatchObject({ kind: 'bad_request', status: 400 });
  });

  it('an OpenAI-compatible endpoint takes its base URL from the model string and needs no key', async () => {
    server.script('llama3', [{ reply: { text: 'hello' } }]);
    const model = await resolveModel(
      `openai-compatible:llama3@${server.openaiBaseUrl}?max_tokens=50`,
      {
        env: {},
      },
    );
    await expect(
      model.generate({ messages: [{ role: 'user', content: 'hi' }], tools: [] }),
    ).rejects.toThrow(InfraError); // the scripted server wants a key: 401
    const keyed = await resolveModel(
      `openai-compatible:llama3@${server.openaiBaseUrl}?max_tokens=50`,
      {
        env: { OPENAI_COMPATIBLE_API_KEY: KEY },
      },
    );
    const call = await keyed.generate({ messages: [{ role: 'user', content: 'hi' }], tools: [] });
    expect(call.reply.text).toBe('hello');
    expect(call.costUsd).toBeUndefined();
    expect(server.requests.at(-1)?.body).toMatchObject({ max_tokens: 50 });
  });
});
