/**
 * `swelancer run --prompt dataset`: the model gets the official CSV's own prompt messages,
 * byte for byte, as separate user messages, then the harness's note on how to answer. The
 * real CLI in a child process, the real OpenAI SDK talking HTTP to a local scripted server
 * that records what it received.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSwelancerCsv } from '../src/task/swelancer-csv.ts';
import type { ManagerTask } from '../src/task/types.ts';
import {
  type RecordedRequest,
  type ScriptedProvider,
  startScriptedProvider,
} from './support/scripted-provider/index.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'swelancer.js');
const KEY = 'sk-dataset-prompt-test-3a7c';
const ALL_CSV = join(
  import.meta.dirname,
  'fixtures',
  'suites',
  'csv',
  'all',
  'all_swelancer_tasks.csv',
);

// Two messages per task as in the lite CSV, with bytes worth checking: a curly quote, a
// literal backslash, a Windows line break and a Python-escaped quote in the cell.
const FIRST = (id: string, price: number) =>
  'You are an expert software engineering manager working on the Expensify repository. ' +
  `You have tasked your team with addressing the following issue:\n\nTotals wrong for ${id}\n\n` +
  `It’s off by one\\r\\nafter an edit: "C:\\\\tmp" isn't read.\n\nYou will be paid $${price} if your team fixes the issue.`;
const SECOND = 'Do not try to do everything at once! Start by just running ls.';

function liteCsv(rows: { id: string; price: number; correct: number }[]): string {
  const py = (text: string) =>
    `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n')}'`;
  const cell = (text: string) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const lines = rows.map((row) => {
    const prompt = `[{'content': ${py(FIRST(row.id, row.price))}, 'role': 'user'}, {'content': ${py(SECOND)}, 'role': 'user'}]`;
    const proposals = [0, 1, 2].map(
      (i) => `{'id': ${i}, 'content': 'Proposal ${i} for ${row.id}'}`,
    );
    const data = `{'game': {'all_formal_proposals': [${proposals.join(', ')}], 'correct_proposal': {'id': ${row.correct}}}}`;
    return [
      row.id,
      'swe_manager',
      `${row.price}.0`,
      '2000000',
      prompt,
      data,
      'abc1234',
      '[]',
      '/app/expensify',
    ]
      .map(cell)
      .join(',');
  });
  return `question_id,variant,price,price_limit,prompt,manager_data,manager_commit,acceptable_folders,cwd\n${lines.join('\n')}\n`;
}

const ROWS = [
  { id: '5001-manager-0', price: 1000, correct: 2 },
  { id: '5002-manager-0', price: 2000, correct: 0 },
];

let cwd: string;
let server: ScriptedProvider;
let env: Record<string, string>;

/** Picks the right proposal of the task the request is about, from the CSV's answer key. */
function answerFrom(answers: Record<string, number>) {
  return (request: RecordedRequest) => {
    const id = Object.keys(answers).find((key) => request.text.includes(key)) ?? '';
    return {
      reply: {
        toolCalls: [{ name: 'select_proposal', arguments: { proposal_id: answers[id] ?? 0 } }],
        usage: { input: 100, output: 10 },
      },
    };
  };
}

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'swl-dataset-prompt-'));
  writeFileSync(join(cwd, 'lite.csv'), liteCsv(ROWS));
  server = await startScriptedProvider({ apiKey: KEY });
  env = {
    OPENAI_API_KEY: KEY,
    OPENAI_BASE_URL: server.openaiBaseUrl,
    SWELANCER_MODEL_RETRY_BASE_MS: '1',
    SWELANCER_INFRA_RETRY_BASE_MS: '1',
  };
});
afterAll(async () => {
  await server.close();
  rmSync(cwd, { recursive: true, force: true });
});

function swelancer(args: string[]) {
  return execa(process.execPath, [BIN, ...args], { cwd, env, extendEnv: false, reject: false });
}

function userMessages(request: RecordedRequest): string[] {
  const messages = request.body.messages as { role: string; content: unknown }[];
  return messages.filter((m) => m.role === 'user').map((m) => String(m.content));
}

describe('--prompt dataset', () => {
  it("sends the lite CSV's prompt messages byte for byte, one user message each, then the answer note", async () => {
    server.script('gpt-4o', answerFrom({ '5001-manager-0': 2, '5002-manager-0': 0 }));
    const run = await swelancer([
      'run',
      'lite.csv',
      '--model',
      'openai:gpt-4o',
      '--prompt',
      'dataset',
      '--json',
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { runDir: string; agents: { earnedUsd: number }[] };
    expect(summary.agents[0]?.earnedUsd).toBe(3000);

    const suite = await loadSwelancerCsv(join(cwd, 'lite.csv'));
    const requests = server.requests.filter((r) => r.model === 'gpt-4o');
    expect(requests).toHaveLength(2);
    for (const task of suite.tasks as ManagerTask[]) {
      const request = requests.find((r) => r.text.includes(task.id));
      const sent = userMessages(request as RecordedRequest);
      const csv = task.datasetPrompt?.available ? task.datasetPrompt.messages : [];
      expect(sent.slice(0, 2)).toEqual(csv.map((m) => m.content));
      expect(sent[0]).toBe(FIRST(task.id, task.price));
      expect(sent[1]).toBe(SECOND);
      expect(sent).toHaveLength(3);
      expect(sent[2]).toMatch(
        /^Note from the evaluation harness .*select_proposal.*No copy of the Expensify code/,
      );
    }

    const manifest = await swelancer(['report', summary.runDir, '--json']);
    expect(JSON.parse(manifest.stdout).run.manifest.plan.prompt).toBe('dataset');
    const text = await swelancer(['report', summary.runDir]);
    expect(text.stdout).toContain("prompt: dataset (the official CSV's own prompt messages");
    expect(text.stdout).toContain('manager tasks ran on text alone');
  });

  it('sends the one message built from all_swelancer_tasks.csv, mojibake and all', async () => {
    server.script('gpt-4o-mini', answerFrom({ '7001-manager-0': 1, '7002-manager-0': 0 }));
    const run = await swelancer([
      'run',
      ALL_CSV,
      '--model',
      'openai:gpt-4o-mini',
      '--prompt',
      'dataset',
      '--split',
      'diamond',
      '--kind',
      'swe_manager',
      '--json',
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    const requests = server.requests.filter((r) => r.model === 'gpt-4o-mini');
    // --split diamond leaves 7002-manager-0 (nondiamond) out.
    expect(requests).toHaveLength(1);
    const suite = await loadSwelancerCsv(ALL_CSV);
    const task = suite.tasks.find((t) => t.id === '7001-manager-0');
    const built = task?.datasetPrompt?.available ? task.datasetPrompt.messages : [];
    const sent = userMessages(requests[0] as RecordedRequest);
    expect(sent[0]).toBe(built[0]?.content);
    expect(sent[0]).toContain('it stays â\x82¬0');
    expect(sent[0]).toContain('You will be paid 2000.0 if');
  });

  it('is another attempt than --prompt swelancer, and report --compare refuses to pair them unless told to', async () => {
    server.script('gpt-4o', answerFrom({ '5001-manager-0': 2, '5002-manager-0': 0 }));
    const dataset = JSON.parse(
      (
        await swelancer([
          'run',
          'lite.csv',
          '--model',
          'openai:gpt-4o',
          '--prompt',
          'dataset',
          '--json',
        ])
      ).stdout,
    ) as { runDir: string; recorded: number };
    // The same command again: every attempt is already done.
    expect(dataset.recorded).toBe(0);
    const before = server.requests.length;
    const ours = await swelancer(['run', 'lite.csv', '--model', 'openai:gpt-4o', '--json']);
    expect(ours.exitCode, ours.stderr).toBe(0);
    const swelancerRun = JSON.parse(ours.stdout) as { runDir: string; recorded: number };
    expect(swelancerRun.runDir).not.toBe(dataset.runDir);
    expect(swelancerRun.recorded).toBe(2);
    const sent = server.requests.slice(before).map(userMessages);
    expect(sent.every((messages) => messages.length === 1 && !messages[0]?.includes(SECOND))).toBe(
      true,
    );

    const refused = await swelancer(['report', swelancerRun.runDir, '--compare', dataset.runDir]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('used --prompt swelancer and');
    expect(refused.stderr).toContain('--allow-prompt-mismatch');
    const allowed = await swelancer([
      'report',
      swelancerRun.runDir,
      '--compare',
      dataset.runDir,
      '--allow-prompt-mismatch',
    ]);
    expect(allowed.exitCode, allowed.stderr).toBe(0);
    expect(allowed.stderr).toContain('compared anyway');
  });

  it('refuses a suite without dataset prompts and --shuffle-proposals, before anything runs', async () => {
    const tiny = join(import.meta.dirname, 'fixtures', 'suites', 'tiny');
    const native = await swelancer([
      'run',
      tiny,
      '--agent',
      'gold',
      '--kind',
      'swe_manager',
      '--prompt',
      'dataset',
    ]);
    expect(native.exitCode).toBe(2);
    expect(native.stderr).toContain(
      '--prompt dataset: expected every selected task to have the dataset',
    );
    expect(native.stderr).toContain('not from an official SWE-Lancer CSV');
    const ic = await swelancer([
      'run',
      tiny,
      '--agent',
      'gold',
      '--kind',
      'ic_swe',
      '--prompt',
      'dataset',
    ]);
    expect(ic.exitCode).toBe(2);
    expect(ic.stderr).toContain(
      '--prompt dataset: expected only swe_manager tasks (IC attempts build their own prompt)',
    );
    const shuffled = await swelancer([
      'run',
      'lite.csv',
      '--agent',
      'gold',
      '--prompt',
      'dataset',
      '--shuffle-proposals',
    ]);
    expect(shuffled.exitCode).toBe(2);
    expect(shuffled.stderr).toContain('--prompt dataset and --shuffle-proposals');
    const split = await swelancer(['run', 'lite.csv', '--agent', 'gold', '--split', 'diamond']);
    expect(split.exitCode).toBe(2);
    expect(split.stderr).toContain('has no `set` column to split by');
  });
});
