/**
 * What the model layer and the agent loop add to a model call. Baseline: the bare OpenAI
 * SDK calling the local scripted provider (same process, loopback HTTP). Then the same
 * call through the Model facade (retries, cost), and one step of the agent loop on a
 * manager task (tool validation, trajectory, limits). Run: `node bench/llm-step-overhead.ts`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { createLlmAgent } from '../src/agent/llm/create.ts';
import { resolveModel } from '../src/model/resolve.ts';
import { folderSink, managerInput } from '../test/support/scripted-provider/agent-inputs.ts';
import { startScriptedProvider } from '../test/support/scripted-provider/index.ts';

const CALLS = 300;
const ROUNDS = 5;
const KEY = 'sk-bench-key-000000000000';

const server = await startScriptedProvider({ apiKey: KEY });
server.script('gpt-4o', () => ({ reply: { text: 'thinking' } }));
const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.openaiBaseUrl };
const dir = await mkdtemp(path.join(tmpdir(), 'llm-bench-'));

const sdk = new OpenAI({ apiKey: KEY, baseURL: server.openaiBaseUrl, maxRetries: 0 });
const model = await resolveModel('openai:gpt-4o', { env });
const agent = await createLlmAgent(`openai:gpt-4o?max_steps=${CALLS}`, {
  env,
  limits: { maxMalformedInARow: CALLS + 1 },
});
const messages = [{ role: 'user' as const, content: 'hello' }];

async function timeIt(run: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  await run(); // warm-up: JIT, connection pool
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    await run();
    times.push((performance.now() - started) / CALLS);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(ROUNDS / 2)] ?? Number.NaN;
}

const baseline = await timeIt(async () => {
  for (let i = 0; i < CALLS; i++) await sdk.chat.completions.create({ model: 'gpt-4o', messages });
});
const facade = await timeIt(async () => {
  for (let i = 0; i < CALLS; i++) await model.generate({ messages, tools: [] });
});
let round = 0;
const loop = await timeIt(async () => {
  const sink = folderSink(path.join(dir, `round-${round++}`));
  // The conversation grows by one reply and one reminder per step, as in a real attempt.
  await agent.run(managerInput(sink));
});
await server.close();
await rm(dir, { recursive: true, force: true });

const rows = [
  ['bare OpenAI SDK call (baseline)', baseline],
  ['Model facade call (retries, cost)', facade],
  [`agent loop step (${CALLS}-step attempt, history grows)`, loop],
] as const;
console.log(`${CALLS} calls per round, median of ${ROUNDS} rounds, Node ${process.version}\n`);
console.log('| step | ms per call | × baseline |\n|---|---:|---:|');
for (const [name, ms] of rows) {
  console.log(`| ${name} | ${ms.toFixed(2)} | ${(ms / baseline).toFixed(2)} |`);
}
