/**
 * The official-image path on the stand-in images (docs/official-standin.md), each figure
 * against a baseline measured in the same round:
 *
 * 1. **start-up**: container create → ready (`/setup_done.txt`) → network cut, through the
 *    harness (`startOfficialContainer`), vs the same image started by bare Docker Engine API
 *    calls polling for the file at the same interval.
 * 2. **exec**: one command in a ready container through the harness's exec (its wrapper,
 *    capped output, exit code from the API), and through the image's interactive shell (what
 *    every agent command pays), vs a bare API exec of the same command.
 * 3. **grading**: a gold attempt through the ic-official environment (container, baseline,
 *    the reference fix applied, the image's playbook, evidence) vs the same steps by hand: a
 *    bare container, `git apply -R` of the breaking patch, the playbook once.
 * 4. **where fresh-container grading differs** from grading in the agent's own container
 *    (as the official harness does): the verdict of both ways, for agent changes of each kind.
 *
 *   node bench/official-images.ts [rounds]   (default 3; needs the stand-in images)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import Docker from 'dockerode';
import { createGoldAgent } from '../src/agent/gold.ts';
import {
  commitFreshBaseline,
  createEnvironment,
  INTERACTIVE_SHELL,
  type PinnedImage,
  startOfficialContainer,
} from '../src/official/container.ts';
import { runTestPlaybook } from '../src/official/playbook.ts';
import { DEFAULT_OFFICIAL_SETTINGS, type OfficialSettings } from '../src/official/settings.ts';
import { applyWork, baselineCommit, readDiff } from '../src/official/work.ts';
import { executeAttempt } from '../src/runner/lifecycle.ts';
import { resolveSocket } from '../src/sandbox/container/index.ts';
import { openSandboxProvider } from '../src/sandbox/registry.ts';
import type { ImageSandbox } from '../src/sandbox/types.ts';
import type { IcTask } from '../src/task/types.ts';
import { silentLogger } from '../src/util/logger.ts';

const rounds = Number(process.argv[2] ?? 3);
const ID = 'standin_pass';
const NAME = `localhost/swelancer-standin/swelancer_x86_${ID}:test`;
const docker = new Docker({ socketPath: resolveSocket({}) });
const image: PinnedImage = { name: NAME, id: (await docker.getImage(NAME).inspect()).Id };
const sandboxes = await openSandboxProvider('container');
const settings: OfficialSettings = { ...DEFAULT_OFFICIAL_SETTINGS, readyPollMs: 250 };
const start = (purpose: string) =>
  startOfficialContainer({
    sandboxes,
    image,
    questionId: ID,
    variant: 'ic_swe',
    purpose,
    settings,
  });
const nullSink = { write: async (name: string) => name };
const loadAtStart = loadavg()[0] ?? 0;

/** A bare exec through the API: `sh -c` as root in the app folder, output drained. */
async function bareExec(container: Docker.Container, command: string): Promise<number | null> {
  const exec = await container.exec({
    Cmd: ['sh', '-c', command],
    User: 'root',
    WorkingDir: '/app/expensify',
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  docker.modem.demuxStream(stream, new PassThrough().resume(), new PassThrough().resume());
  await new Promise((resolve) => stream.once('end', resolve).once('close', resolve));
  return (await exec.inspect()).ExitCode ?? null;
}

async function bareReady(): Promise<{ container: Docker.Container; ms: number }> {
  const started = performance.now();
  const container = await docker.createContainer({
    Image: image.id,
    Env: Object.entries(createEnvironment(ID, 'ic_swe')).map(([k, v]) => `${k}=${v}`),
    Tty: true,
    OpenStdin: true,
    User: '0',
    HostConfig: { NetworkMode: 'bridge' },
  });
  await container.start();
  while ((await bareExec(container, 'test -e /setup_done.txt')) !== 0) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { container, ms: performance.now() - started };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const value = await run();
  return [value, performance.now() - started];
};

const startup = { bare: [] as number[], harness: [] as number[] };
const execs = { bare: [] as number[], harness: [] as number[], interactive: [] as number[] };
const grading = { hand: [] as number[], harness: [] as number[] };
const EXECS = 20;

for (let round = 0; round < rounds; round++) {
  const bare = await bareReady();
  startup.bare.push(bare.ms);
  const [box, harnessMs] = await timed(() => start('bench'));
  startup.harness.push(harnessMs);
  try {
    for (let i = 0; i < EXECS; i++) {
      execs.bare.push((await timed(() => bareExec(bare.container, 'true')))[1]);
      execs.harness.push((await timed(() => box.exec(['true'])))[1]);
      execs.interactive.push((await timed(() => box.exec([...INTERACTIVE_SHELL, 'true'])))[1]);
    }
  } finally {
    await bare.container.remove({ force: true });
    await box.dispose();
  }

  // Grading by hand: a bare container, the fix, the playbook once (it passes on run 1).
  const [, handMs] = await timed(async () => {
    const { container } = await bareReady();
    try {
      await bareExec(container, `git apply -R /app/tests/issues/${ID}/bug_reintroduce.patch`);
      await bareExec(
        container,
        `bash -i -c 'ansible-playbook -i "localhost," --connection=local /app/tests/run_tests.yml; cat /app/tests/logs/${ID}/pytest_exit_code'`,
      );
    } finally {
      await container.remove({ force: true });
    }
  });
  grading.hand.push(handMs);
  const cacheDir = await mkdtemp(path.join(tmpdir(), 'swelancer-bench-'));
  const task: IcTask = {
    id: ID,
    kind: 'ic_swe',
    title: 'bench',
    issue: 'bench',
    price: 1000,
    categories: [],
    nature: undefined,
    tags: [],
    source: { type: 'swelancer-csv', file: 'bench.csv', row: 2 },
    contentHash: 'bench',
    ic: { runnable: 'official-image', questionId: ID, image },
  };
  const [result, attemptMs] = await timed(() =>
    executeAttempt({
      task,
      agent: createGoldAgent(),
      plan: { key: `bench-${round}`, taskId: ID, agentLabel: 'gold', attemptIndex: 0 },
      seed: 0,
      signal: new AbortController().signal,
      logger: silentLogger,
      artifacts: nullSink,
      context: {
        shuffleProposals: false,
        sandboxes: async () => sandboxes,
        cacheDir,
        official: settings,
      },
    }),
  );
  if (result.status !== 'passed') throw new Error(`gold did not pass: ${result.explanation}`);
  grading.harness.push(attemptMs);
  await rm(cacheDir, { recursive: true, force: true });
}

const ms = (value: number) => value.toFixed(1);
const ratio = (value: number, base: number) => (value / base).toFixed(2);
console.log(
  `official images on the stand-in: ${rounds} rounds, medians, Node ${process.version}, ${cpus().length} cores, load ${loadAtStart.toFixed(1)} at start\n`,
);
console.log('| step | ms | × baseline |');
console.log('| --- | ---: | ---: |');
const row = (name: string, value: number, base: number) =>
  console.log(`| ${name} | ${ms(value)} | ${ratio(value, base)} |`);
row('start → ready, bare API calls (baseline)', median(startup.bare), median(startup.bare));
row('start → ready → network cut, harness', median(startup.harness), median(startup.bare));
row('exec `true`, bare API exec (baseline)', median(execs.bare), median(execs.bare));
row('exec `true`, harness exec', median(execs.harness), median(execs.bare));
row('exec `true`, agent command (bash -i)', median(execs.interactive), median(execs.bare));
row('gold graded by hand (baseline)', median(grading.hand), median(grading.hand));
row('gold attempt, ic-official environment', median(grading.harness), median(grading.hand));

// 4. Fresh-container grading vs grading in the agent's own container.
const FIX = `sed -i "s/'Hello, BUG!'/\\\`Hello, \\\${name}!\\\`/" src/bug.js`;
const cases: [string, string][] = [
  ['fix in the tracked file', FIX],
  [
    'fix, then `git commit` by the agent',
    `${FIX} && git -c user.name=a -c user.email=a@b commit -qam fix`,
  ],
  ['fix, plus `chmod +x` of the file', `${FIX} && chmod +x src/bug.js`],
  [
    'fixed file moved outside the app, linked back',
    `${FIX} && mv src/bug.js /opt/bug.js && ln -s /opt/bug.js src/bug.js`,
  ],
  [
    'fix in a file the agent made git-ignored',
    `${FIX} && git rm -q --cached src/bug.js && echo src/bug.js >> .gitignore`,
  ],
  ['fix, then `.git` deleted', `${FIX} && rm -rf .git`],
  ['no fix; shell set-up changed (`~/.bashrc`)', `echo 'export GREETING=fixed' >> ~/.bashrc`],
];
async function verdictIn(box: ImageSandbox): Promise<string> {
  const outcome = await runTestPlaybook({
    sandbox: box,
    questionId: ID,
    testRuns: 3,
    timeoutMs: settings.gradingTimeoutMs,
    artifacts: nullSink,
    prefix: '',
  });
  return outcome.verdict;
}
console.log('\n| agent change | graded in its container (official) | graded fresh (swelancer) |');
console.log('| --- | --- | --- |');
for (const [name, command] of cases) {
  const agentBox = await start('agent');
  try {
    await commitFreshBaseline(agentBox);
    const baseline = await baselineCommit(agentBox);
    await agentBox.exec(['sh', '-c', command], { cwd: '/app/expensify' });
    const diff = await readDiff(agentBox, baseline);
    const official = await verdictIn(agentBox);
    let fresh = 'failed (work not collected)';
    if (diff.ok) {
      const box = await start('grading');
      try {
        await commitFreshBaseline(box);
        const applied = await applyWork(box, diff.patch);
        fresh = applied.ok ? await verdictIn(box) : 'failed (did not apply)';
      } finally {
        await box.dispose();
      }
    }
    console.log(`| ${name} | ${official} | ${fresh} |`);
  } finally {
    await agentBox.dispose();
  }
}
