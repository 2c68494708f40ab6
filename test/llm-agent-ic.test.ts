import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmAgent } from '../src/agent/llm/create.ts';
import type { Trajectory } from '../src/agent/llm/trajectory.ts';
import type { IcAgentInput, UserToolReport } from '../src/agent/types.ts';
import { DEFAULT_LIMITS, openSandboxProvider, type Sandbox } from '../src/sandbox/index.ts';
import type { IcTask } from '../src/task/types.ts';
import { silentLogger } from '../src/util/logger.ts';
import { folderSink } from './support/scripted-provider/agent-inputs.ts';
import { type ScriptedProvider, startScriptedProvider } from './support/scripted-provider/index.ts';

const KEY = 'sk-ic-test-key-0123456789abcdef';
const BUGGY = `export function total(items) {\n  let sum = 0;\n  for (let i = 0; i < items.length - 1; i++) sum += items[i];\n  return sum;\n}\n`;

let server: ScriptedProvider;
let dir: string;
let sandbox: Sandbox;

beforeAll(async () => {
  server = await startScriptedProvider({ apiKey: KEY });
  dir = await mkdtemp(path.join(tmpdir(), 'llm-ic-'));
  const source = path.join(dir, 'repo');
  await mkdir(path.join(source, 'src'), { recursive: true });
  await writeFile(path.join(source, 'src/total.js'), BUGGY);
  await writeFile(path.join(source, 'README.md'), 'total\ntotal\n');
  const provider = await openSandboxProvider('local', {});
  sandbox = await provider.create({
    label: 'llm-ic',
    sourceDir: source,
    network: 'loopback',
    limits: DEFAULT_LIMITS,
  });
});
afterAll(async () => {
  await sandbox?.dispose();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const task: IcTask = {
  id: 'total-skips-last',
  kind: 'ic_swe',
  title: 'Total skips the last item',
  issue: 'The total is wrong: the last item is never added.',
  price: 500,
  categories: ['application_logic'],
  nature: 'bug_fix',
  tags: [],
  source: { type: 'native', suite: 'test', suiteVersion: '1', dir: '/nonexistent' },
  contentHash: 'hash-total',
  ic: { runnable: 'official-image', questionId: 'total' },
};

const call = (name: string, args: unknown) => ({ name, arguments: args });

describe('the LLM agent on an IC task, in a real local sandbox', () => {
  it('explores, edits through scripted tool calls, sees tool errors, uses the user tool and submits', async () => {
    server.script('gpt-4.1', [
      { reply: { toolCalls: [call('run_command', { command: 'ls src && wc -l src/total.js' })] } },
      {
        reply: {
          toolCalls: [call('view_file', { path: 'src/total.js', start_line: 2, end_line: 3 })],
        },
      },
      // Two mistakes a model makes: text that is not in the file, text that is there twice.
      {
        reply: {
          toolCalls: [
            call('edit_file', { path: 'src/total.js', old_text: 'i <= n', new_text: 'x' }),
          ],
        },
      },
      {
        reply: {
          toolCalls: [call('edit_file', { path: 'README.md', old_text: 'total', new_text: 'sum' })],
        },
      },
      {
        reply: {
          toolCalls: [
            call('edit_file', {
              path: 'src/total.js',
              old_text: 'i < items.length - 1;',
              new_text: 'i < items.length;',
            }),
            call('create_file', {
              path: 'src/total.check.mjs',
              content: "import { total } from './total.js';\nconsole.log(total([1, 2, 3]));\n",
            }),
          ],
        },
      },
      {
        reply: {
          toolCalls: [call('run_command', { command: 'node src/total.check.mjs; exit 3' })],
        },
      },
      { reply: { toolCalls: [call('user_tool', {})] } },
      {
        reply: {
          text: 'Fixed the loop bound.',
          toolCalls: [call('submit', { summary: 'loop bound' })],
        },
      },
    ]);
    const agent = await createLlmAgent('openai:gpt-4.1', {
      env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.openaiBaseUrl },
    });
    let userToolRuns = 0;
    const report: UserToolReport = {
      ok: true,
      screenshots: ['artifacts/x/user-tool-1.png'],
      pageText: 'Total: $6.00',
      consoleErrors: [],
      networkErrors: ['GET /api/rates 500'],
      problem: undefined,
    };
    const sink = folderSink(path.join(dir, 'artifacts'));
    const input: IcAgentInput = {
      kind: 'ic_swe',
      task,
      sandbox,
      prompt: `${task.issue}\n\nThe reward for the correct fix is $500.`,
      userTool: {
        async run() {
          userToolRuns++;
          return report;
        },
      },
      attemptKey: 'key-ic-1',
      attemptIndex: 0,
      seed: 7,
      signal: new AbortController().signal,
      logger: silentLogger,
      artifacts: sink,
    };
    const outcome = await agent.run(input);
    expect(outcome).toMatchObject({ status: 'completed', model: 'openai:gpt-4.1' });

    // The edit really happened in the sandbox workspace.
    const fixed = new TextDecoder().decode(await sandbox.readFile('src/total.js'));
    expect(fixed).toContain('i < items.length; i++');
    expect(userToolRuns).toBe(1);

    // What the model read back after each call.
    const sent = server.requests.filter((r) => r.model === 'gpt-4.1');
    const toolMessage = (n: number) => {
      const messages = sent[n]?.body.messages as { role: string; content: string }[];
      return messages.filter((m) => m.role === 'tool').map((m) => m.content);
    };
    expect(toolMessage(1).at(-1)).toMatch(/^\[exit code 0\]\ntotal\.js\n5 src\/total\.js$/);
    expect(toolMessage(2).at(-1)).toBe(
      '2\t  let sum = 0;\n3\t  for (let i = 0; i < items.length - 1; i++) sum += items[i];\n(lines 4-5 not shown)',
    );
    expect(toolMessage(3).at(-1)).toMatch(/^No match for old_text in src\/total\.js/);
    expect(toolMessage(4).at(-1)).toMatch(/^old_text occurs 2 times in README\.md/);
    expect(toolMessage(5).slice(-2)).toEqual([
      'Edited src/total.js at line 3.',
      'Wrote src/total.check.mjs (3 lines).',
    ]);
    expect(toolMessage(6).at(-1)).toBe('[exit code 3]\n6');
    expect(toolMessage(7).at(-1)).toContain('Page text at the end of the flow:\nTotal: $6.00');
    expect(toolMessage(7).at(-1)).toContain('Network errors:\nGET /api/rates 500');

    const trajectory = JSON.parse(sink.files.get('trajectory.json') ?? '{}') as Trajectory;
    expect(trajectory.tools).toEqual([
      'run_command',
      'view_file',
      'create_file',
      'edit_file',
      'user_tool',
      'submit',
    ]);
    expect(trajectory.steps).toHaveLength(8);
    expect(trajectory.steps[3]?.toolResults[0]?.isError).toBe(true);
    // 8 calls × (100 input × $2 + 20 output × $8) per million tokens (gpt-4.1).
    expect(outcome.costUsd).toBeCloseTo((8 * (100 * 2 + 20 * 8)) / 1e6, 12);
    expect(outcome.usage).toEqual({
      inputTokens: 800,
      cachedInputTokens: 0,
      outputTokens: 160,
      reasoningTokens: 0,
    });
  });

  it('long command output reaches the model cut in the middle, head and tail kept', async () => {
    server.script('gpt-4.1-nano', [
      { reply: { toolCalls: [call('run_command', { command: 'seq 1 20000' })] } },
      { reply: { toolCalls: [call('submit', {})] } },
    ]);
    const agent = await createLlmAgent('openai:gpt-4.1-nano', {
      env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.openaiBaseUrl },
    });
    const sink = folderSink(path.join(dir, 'artifacts-2'));
    const outcome = await agent.run({
      kind: 'ic_swe',
      task,
      sandbox,
      prompt: task.issue,
      userTool: undefined,
      attemptKey: 'key-ic-2',
      attemptIndex: 0,
      seed: 1,
      signal: new AbortController().signal,
      logger: silentLogger,
      artifacts: sink,
    });
    expect(outcome.status).toBe('completed');
    const messages = server.requests.at(-1)?.body.messages as { role: string; content: string }[];
    const output = messages.find((m) => m.role === 'tool')?.content ?? '';
    expect(output.length).toBeLessThanOrEqual(20_000);
    expect(output.startsWith('[exit code 0]\n1\n2\n3\n')).toBe(true);
    expect(output.endsWith('19999\n20000')).toBe(true);
    expect(output).toMatch(/\[\.\.\. \d+ characters omitted \.\.\.\]/);
  });
});
