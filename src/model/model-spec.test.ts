import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { parseModelString } from './model-spec.ts';

describe('model strings', () => {
  it('parses provider, model, endpoint, parameters and limits; the label sorts parameters', () => {
    expect(parseModelString('openai:gpt-4o')).toEqual({
      provider: 'openai',
      modelId: 'gpt-4o',
      baseUrl: undefined,
      params: {},
      limits: {},
      label: 'openai:gpt-4o',
    });
    const o3 = parseModelString(
      'openai:o3?reasoning_effort=high&max_tokens=4000&max_steps=50&max_time=600',
    );
    expect(o3.params).toEqual({ reasoningEffort: 'high', maxTokens: 4000 });
    expect(o3.limits).toEqual({ maxSteps: 50, maxTimeMs: 600_000 });
    expect(o3.label).toBe(
      'openai:o3?max_steps=50&max_time=600&max_tokens=4000&reasoning_effort=high',
    );
    const local = parseModelString(
      'openai-compatible:meta/llama-3@8b@http://127.0.0.1:11434/v1?temperature=0',
    );
    expect(local).toMatchObject({
      provider: 'openai-compatible',
      modelId: 'meta/llama-3@8b',
      baseUrl: 'http://127.0.0.1:11434/v1',
      params: { temperature: 0 },
    });
  });

  it('says what is wrong, naming the field and the value', () => {
    const bad = (text: string) => () => parseModelString(text);
    expect(bad('gpt-4o')).toThrow(InputError);
    expect(bad('gpt-4o')).toThrow(/expected a model string "<provider>:<model>"/);
    expect(bad('azure:gpt-4o')).toThrow(
      /field "provider": expected a provider among openai, anthropic, openai-compatible, found "azure"/,
    );
    expect(bad('openai:')).toThrow(/field "model"/);
    expect(bad('openai:o3?reasoning=high')).toThrow(
      /field "params": expected parameters among .*found "reasoning"/,
    );
    expect(bad('openai:gpt-4o?temperature=hot')).toThrow(/field "temperature": .*found "hot"/);
    expect(bad('openai:gpt-4o?temperature=3')).toThrow(/field "temperature"/);
    expect(bad('openai-compatible:llama3@ftp://host')).toThrow(/<http\(s\) base URL>/);
    expect(bad('openai-compatible:llama3@http://user:sk-secret@host/v1')).toThrow(
      /without credentials \(put the key in OPENAI_COMPATIBLE_API_KEY\)/,
    );
  });
});
