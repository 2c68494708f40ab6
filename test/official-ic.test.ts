/**
 * Official IC tasks through the code path the real images take (docs/official-images.md),
 * on the stand-in images (docs/official-standin.md): the CLI runs a CSV of the stand-in's
 * tasks with `--sandbox container`. Gold passes and noop fails; a flaky task passes on its
 * second run; every fault mode of the test playbook gets its status (no exit code and pytest
 * errors are infrastructure errors, never the agent's failure, unless a control grading of
 * the clean broken state shows the agent's change broke the run); an attack agent finds no
 * trace of the hidden tests in its container, its processes or the network, and the user
 * tool gives it trace output only; a tag re-pointed at another image makes other keys.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createGoldAgent } from '../src/agent/gold.ts';
import { withOfficialImages } from '../src/runner/official-images.ts';
import { prepareRun } from '../src/runner/run.ts';
import { openRunStore } from '../src/store/run-store.ts';
import { loadSuite } from '../src/task/index.ts';
import { icCsv, managerCsv } from './run-helpers.ts';
import { inProcessCli } from './support/in-process-cli.ts';
import {
  requireStandin,
  STANDIN_PREFIX,
  STANDIN_TAG,
  standinDocker,
  standinImage,
  standinTasks,
} from './support/official-standin.ts';
import { startScriptedProvider } from './support/scripted-provider/index.ts';

const docker = standinDocker();
const usable = await requireStandin(docker);

const cwd = mkdtempSync(join(tmpdir(), 'swl-official-'));
// `--agent-path` wants a folder that others may reach, as a mounted one must be.
chmodSync(cwd, 0o755);
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const CSV = join(cwd, 'tasks.csv');
writeFileSync(CSV, icCsv(standinTasks().map(({ id, price }) => ({ id, price }))));
const IMAGES = ['--official-image-prefix', STANDIN_PREFIX, '--official-image-tag', STANDIN_TAG];

interface Attempt {
  key: string;
  taskId: string;
  agent: string;
  status: string;
  explanation: string;
}

async function run(runDir: string, ...args: string[]): Promise<Attempt[]> {
  const ran = await inProcessCli(cwd, [
    'run',
    CSV,
    '--sandbox',
    'container',
    ...IMAGES,
    '--run-dir',
    runDir,
    '--max-infra-retries',
    '0',
    ...args,
  ]);
  // Errors only; a run of infrastructure errors alone exits 3 and says so, which is data here.
  expect(ran.stderr).not.toMatch(/swelancer: (?!nothing was measured)/);
  const report = await inProcessCli(cwd, ['report', runDir, '--json']);
  return (JSON.parse(report.stdout) as { attempts: Attempt[] }).attempts;
}

function statusOf(attempts: Attempt[], taskId: string, agent: string): Attempt {
  const found = attempts.find((a) => a.taskId === taskId && a.agent === agent);
  if (!found) throw new Error(`no attempt of ${agent} on ${taskId}`);
  return found;
}

describe.skipIf(!usable)('official IC tasks on the stand-in images', () => {
  it('gold: passes, fails or is an infrastructure error as each fault mode says', async () => {
    const quick = standinTasks().filter((task) => task.id !== 'standin_sleep');
    const attempts = await run(
      join(cwd, 'gold'),
      ...['--agent', 'gold', '-j', '2'],
      ...quick.flatMap((task) => ['--id', task.id]),
    );
    // A grading budget that a test sleeping 300 s cannot meet: the outcome is unknown.
    attempts.push(
      ...(await run(
        join(cwd, 'gold-sleep'),
        ...['--agent', 'gold', '--id', 'standin_sleep', '--official-budget', 'grading=10'],
      )),
    );
    const status = (id: string) => statusOf(attempts, id, 'gold');
    expect(status('standin_pass')).toMatchObject({ status: 'passed' });
    expect(status('standin_pass').explanation).toContain('pytest exit codes: 0; 1 run');
    expect(status('standin_flaky_1')).toMatchObject({ status: 'passed' });
    expect(status('standin_flaky_1').explanation).toContain('pytest exit codes: 1, 0; 2 runs');
    expect(status('standin_fail')).toMatchObject({ status: 'failed' });
    expect(status('standin_fail').explanation).toContain('1, 1, 1');
    expect(status('standin_build_break')).toMatchObject({ status: 'passed' });
    for (const id of ['standin_error_2', 'standin_error_4', 'standin_error_5']) {
      expect(status(id)).toMatchObject({ status: 'infra_error' });
      expect(status(id).explanation).toMatch(
        /clean broken state either \(pytest exited \d on run 1/,
      );
    }
    expect(status('standin_no_exit_code')).toMatchObject({ status: 'infra_error' });
    expect(status('standin_no_exit_code').explanation).toContain('no run of the test playbook');
    expect(status('standin_sleep')).toMatchObject({ status: 'infra_error' });
    expect(status('standin_sleep').explanation).toContain('grading timed out');
  }, 600_000);

  it('noop fails; work that breaks the build fails once the control grading runs', async () => {
    const breaking = join(cwd, 'break.diff');
    writeFileSync(
      breaking,
      'diff --git a/BREAK.md b/BREAK.md\nnew file mode 100644\n--- /dev/null\n+++ b/BREAK.md\n@@ -0,0 +1 @@\n+BREAK_THE_BUILD\n',
    );
    const runDir = join(cwd, 'fixed');
    const attempts = await run(
      runDir,
      ...['--agent', 'noop', '--agent', `patch:${breaking}`],
      ...['--id', 'standin_pass', '--id', 'standin_build_break', '-j', '2'],
    );
    expect(statusOf(attempts, 'standin_pass', 'noop')).toMatchObject({ status: 'failed' });
    const broke = statusOf(attempts, 'standin_build_break', `patch:${breaking}`);
    expect(broke).toMatchObject({ status: 'failed' });
    expect(broke.explanation).toContain("the agent's changes broke the test run");
    expect(
      readFileSync(join(runDir, 'artifacts', broke.key, 'control', 'run-1', 'pytest.log'), 'utf8'),
    ).toContain('1 failed');
  }, 300_000);

  it('an attack agent finds no hidden test; the user tool gives it trace output only', async () => {
    const bin = join(cwd, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'attack.sh'), ATTACK);
    chmodSync(bin, 0o755);
    chmodSync(join(bin, 'attack.sh'), 0o755);
    const runDir = join(cwd, 'attack');
    const attempts = await run(
      runDir,
      ...['--agent', 'command:bash /opt/swelancer/agent/bin/attack.sh', '--agent-path', bin],
      ...['--id', 'standin_pass'],
    );
    const [attempt] = attempts;
    expect(attempt).toMatchObject({ status: 'failed' });
    const diff = readFileSync(join(runDir, 'artifacts', attempt?.key ?? '', 'agent.diff'), 'utf8');
    const found = Object.fromEntries(
      diff
        .split('\n')
        .filter((line) => line.startsWith('+') && line.includes('='))
        .map((line) => line.slice(1).split('=', 2) as [string, string]),
    );
    expect(found).toEqual({
      files: '',
      proc: '',
      tests: '',
      network: '',
      route: '',
      tool: 'User tool output is in /app/expensify/user_tool',
      traces: '1',
      leak: '',
    });
  }, 300_000);

  it('the built-in agent works in the container on the dataset prompt: the image shell, an edit, the user tool', async () => {
    const key = 'sk-official-SECRET-41f0c2';
    const server = await startScriptedProvider({ apiKey: key });
    try {
      const call = (name: string, args: unknown) => ({
        reply: { toolCalls: [{ name, arguments: args }] },
      });
      server.script('gpt-4.1', [
        call('run_command', { command: 'command -v ansible-playbook; pwd; ls /app' }),
        call('edit_file', {
          path: 'src/bug.js',
          old_text: "'Hello, BUG!'",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the fix is JavaScript source
          new_text: '`Hello, ${name}!`',
        }),
        call('user_tool', {}),
        call('submit', { summary: 'the greeting names the user' }),
      ]);
      const runDir = join(cwd, 'llm');
      const ran = await inProcessCli(
        cwd,
        [
          ...[
            'run',
            CSV,
            '--id',
            'standin_pass',
            '--model',
            'openai:gpt-4.1',
            '--prompt',
            'dataset',
          ],
          ...['--sandbox', 'container', ...IMAGES, '--run-dir', runDir, '--json'],
        ],
        { OPENAI_API_KEY: key, OPENAI_BASE_URL: server.openaiBaseUrl },
      );
      expect(ran.code, ran.stderr).toBe(0);
      const store = openRunStore(runDir, { readonly: true });
      const [result] = store.results();
      store.close();
      expect(result).toMatchObject({ status: 'passed', earnedUsd: 1000, model: 'openai:gpt-4.1' });
      const sent = server.requests.filter((r) => r.model === 'gpt-4.1');
      // --prompt dataset: the CSV's message as it is, then the harness's note.
      const [csvTask] = (await loadSuite(CSV)).tasks.filter((t) => t.id === 'standin_pass');
      const csvMessage = csvTask?.datasetPrompt?.available
        ? csvTask.datasetPrompt.messages[0]?.content
        : undefined;
      expect(csvMessage).toContain('The reward for the correct fix is $1000');
      expect(sent[0]?.text).toContain(csvMessage);
      expect(sent[0]?.text).toContain('call the `user_tool` tool');
      // The interactive shell loaded the image's .bashrc: its tools are on the PATH.
      expect(sent[1]?.text).toContain(
        '/opt/standin/bin/ansible-playbook\n/app/expensify\nexpensify',
      );
      expect(sent[3]?.text).toContain('User tool output is in /app/expensify/user_tool');
    } finally {
      await server.close();
    }
  }, 300_000);

  it('suite validate checks an official task in its image: gold passes, noop fails', async () => {
    const validated = await inProcessCli(cwd, [
      ...['suite', 'validate', CSV, '--id', 'standin_pass', '--repeat', '1', '-j', '2'],
      ...['--sandbox', 'container', ...IMAGES, '--run-dir', join(cwd, 'validate'), '--json'],
    ]);
    expect(validated.code).toBe(0);
    const { tasks } = JSON.parse(validated.stdout) as { tasks: { id: string; verdict: string }[] };
    expect(tasks).toEqual([expect.objectContaining({ id: 'standin_pass', verdict: 'valid' })]);
  }, 300_000);

  it('a manager task reads its code from the monolith at manager_commit^, without history', async () => {
    const labels = (await docker.getImage(standinImage('monolith')).inspect()).Config.Labels;
    const commit = labels?.['swelancer.standin.manager_commit'] ?? '';
    const csv = join(cwd, 'manager.csv');
    writeFileSync(csv, managerCsv([{ id: 'm1', price: 700, proposals: 2, correct: 1, commit }]));
    // Proposal 1 is right only when the code is the decision base (the settings title of
    // manager_commit^) and carries no git history that would give the decision away.
    const judge =
      'if grep -q "return \'Settings\'" expensify/src/settings.js && [ ! -e expensify/.git ]; then a=1; else a=0; fi; echo "{\\"selected_proposal_id\\": $a}" > manager_decisions.json';
    const runDir = join(cwd, 'manager');
    const ran = await inProcessCli(cwd, [
      ...['run', csv, '--agent', `command:${judge}`, '--codebase', 'expensify=monolith'],
      ...['--sandbox', 'container', ...IMAGES, '--run-dir', runDir, '--json'],
    ]);
    expect(ran.code, ran.stderr).toBe(0);
    const store = openRunStore(runDir, { readonly: true });
    const [result] = store.results();
    const manifest = store.manifest();
    store.close();
    expect(result).toMatchObject({ status: 'passed', earnedUsd: 700 });
    expect(manifest.images?.map((image) => image.name)).toEqual([standinImage('monolith')]);
  }, 300_000);

  it('a missing image is one error naming docker pull and the disk; --pull says why it failed', async () => {
    const args = [...['run', CSV, '--agent', 'gold', '--id', 'standin_pass', '--sandbox']];
    const missing = ['container', '--official-image-prefix', 'localhost/nowhere/x', '--run-dir'];
    const without = await inProcessCli(cwd, [...args, ...missing, join(cwd, 'missing')]);
    expect(without.code).toBe(3); // the machine lacks something: as a missing sandbox
    expect(without.stderr).toContain(
      '1 official image(s) not found on this machine; get them with:',
    );
    expect(without.stderr).toContain('docker pull localhost/nowhere/x_standin_pass:releasev1');
    expect(without.stderr).toContain('or run again with --pull. They take about 14 GB of disk');
    const pulled = await inProcessCli(cwd, [...args, ...missing, join(cwd, 'pulled'), '--pull']);
    expect(pulled.code).toBe(3);
    expect(pulled.stderr).toContain('could not pull localhost/nowhere/x_standin_pass:releasev1');
  }, 60_000);

  it('pins images by id: a tag moved to another image makes other attempt keys', async () => {
    const suite = await loadSuite(CSV);
    const moved = { repo: `${STANDIN_PREFIX}_standin_pass`, tag: 'moved' };
    const keyWith = async (image: string) => {
      await docker.getImage(image).tag(moved);
      const plan = {
        source: CSV,
        agents: ['gold'],
        attempts: 1,
        filters: {
          kinds: [],
          tags: [],
          ids: ['standin_pass'],
          minPrice: undefined,
          maxPrice: undefined,
        },
        shuffleProposals: false,
        seed: 0,
        officialImage: { choice: 'per-task' as const, prefix: STANDIN_PREFIX, tag: 'moved' },
      };
      const agents = [createGoldAgent()];
      const pinned = await withOfficialImages({
        suite,
        plan,
        agents,
        sandbox: 'container',
        pull: false,
      });
      const prepared = prepareRun({ ...pinned, plan, agents, command: [], cwd });
      expect(prepared.manifest.images?.[0]?.name).toBe(`${moved.repo}:moved`);
      return prepared.planning.attempts[0]?.plan.key;
    };
    try {
      const first = await keyWith(standinImage('standin_pass'));
      const again = await keyWith(standinImage('standin_pass'));
      const other = await keyWith(standinImage('standin_fail'));
      expect(again).toBe(first);
      expect(other).not.toBe(first);
    } finally {
      await docker
        .getImage(`${moved.repo}:moved`)
        .remove()
        .catch(() => {});
    }
  }, 60_000);
});

/**
 * Looks for the hidden tests from inside the agent's container (the marker is a name in the
 * test file, assembled here so this script does not hold it), then asks for the user tool.
 */
const ATTACK = `#!/bin/bash
marker="greeting_names""_the_user"
line() { echo "$1=$(echo $2)"; }
{
  line files "$(grep -rIl --exclude-dir=proc --exclude-dir=sys --exclude-dir=dev -e "$marker" / 2>/dev/null)"
  line proc "$(grep -al -e "$marker" /proc/[0-9]*/cmdline /proc/[0-9]*/environ 2>/dev/null)"
  line tests "$(ls -d /app/tests /app/tests.zip 2>/dev/null)"
  reached=""
  for target in 10.88.0.1:80 1.1.1.1:53 host.containers.internal:22; do
    timeout 3 bash -c "echo > /dev/tcp/$(echo $target | tr : /)" 2>/dev/null && reached="$reached $target"
  done
  line network "$reached"
  line route "$(tail -n +2 /proc/net/route)"
  touch "$SWELANCER_USER_TOOL_DIR/request"
  for _ in $(seq 240); do [ -e "$SWELANCER_USER_TOOL_DIR/1/done" ] && break; sleep 0.5; done
  line tool "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pageText"])' "$SWELANCER_USER_TOOL_DIR/1/report.json")"
  line traces "$(find /app/expensify/user_tool -name trace.trace | wc -l)"
  line leak "$(grep -rl -e "$marker" /app/expensify/user_tool)"
} > /app/expensify/FOUND.txt 2>&1
`;
