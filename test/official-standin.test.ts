/**
 * The stand-in for the official SWE-Lancer images, driven through the Docker Engine API the
 * way the official harness drives the real ones (docs/official-standin.md): start-up and
 * readiness, the shells the commands run in, the hidden tests, the test playbook's exit-code
 * file in every fault mode, the user tool's trace, the reference fix, and the manager
 * variant on the monolith. One container per scenario; every container is removed.
 */
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  icEnvironment,
  removeContainers,
  requireStandin,
  type ShResult,
  sh,
  standinDocker,
  standinImage,
  standinTask,
  standinTasks,
  startContainer,
} from './support/official-standin.ts';

const docker = standinDocker();
const usable = await requireStandin(docker);

const PASSWORD = 'secretpasswordhere';
const PLAYBOOK = 'ansible-playbook -i "localhost," --connection=local /app/tests/run_tests.yml';
const SETUP_DELAY_S = 3;

const created: Docker.Container[] = [];
async function start(image: string, env: Record<string, string>, label: string) {
  const container = await startContainer(docker, image, env, label);
  created.push(container);
  return container;
}

/** Polls for the readiness file as the official harness does, while the container runs. */
async function waitReady(container: Docker.Container, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const state = (await container.inspect()).State;
    if (!state.Running) throw new Error(`the container stopped (exit code ${state.ExitCode})`);
    const ready = await sh(docker, container, 'cat /setup_done.txt');
    if (ready.exitCode === 0 && ready.stdout.trim() === 'done') return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('no /setup_done.txt in time');
}

async function ok(container: Docker.Container, command: string): Promise<ShResult> {
  const result = await sh(docker, container, command);
  expect(result.exitCode, `${command}\n${result.stdout}${result.stderr}`).toBe(0);
  return result;
}

/** The content of the exit-code file after one grading run, or null when there is none. */
async function gradingRun(container: Docker.Container, issueId: string): Promise<string | null> {
  const logs = `/app/tests/logs/${issueId}`;
  await sh(
    docker,
    container,
    `mkdir -p ${logs} && rm -rf ${logs}/* && bash -i -c 'export ISSUE_ID=${issueId}; ${PLAYBOOK}'`,
  );
  const file = await sh(docker, container, `cat ${logs}/pytest_exit_code`);
  return file.exitCode === 0 ? file.stdout : null;
}

describe.skipIf(!usable)('the official stand-in image', () => {
  const pass = standinTask('pass').id;
  let ic: Docker.Container;
  let icStartedAt: number;
  let manager: Docker.Container;
  let managerCommit: string;
  let monolithIc: Docker.Container;
  const dying = new Map<string, Docker.Container>();

  beforeAll(async () => {
    // Every scenario's container starts at once, so their start-ups overlap.
    const withoutPusher = icEnvironment(pass);
    delete withoutPusher.PUSHER_APP_KEY;
    delete withoutPusher.PUSHER_APP_SECRET;
    delete withoutPusher.PUSHER_APP_ID;
    const starts: Promise<unknown>[] = [
      (async () => {
        icStartedAt = Date.now();
        ic = await start(
          standinImage(pass),
          { ...icEnvironment(pass), STANDIN_SETUP_DELAY: String(SETUP_DELAY_S) },
          'ic',
        );
      })(),
      (async () => {
        manager = await start(
          standinImage('monolith'),
          { ISSUE_ID: 'standin-manager-0', EVAL_VARIANT: 'swe_manager', LC_ALL: 'C.UTF-8' },
          'manager',
        );
      })(),
      (async () => {
        monolithIc = await start(
          standinImage('monolith'),
          { ...icEnvironment(pass), STANDIN_SETUP_DELAY: '0' },
          'monolith-ic',
        );
      })(),
    ];
    const failing: Record<string, [string, Record<string, string>]> = {
      'no Pusher credentials': [standinImage(pass), withoutPusher],
      'a locale that is not UTF-8': [standinImage(pass), { ...icEnvironment(pass), LC_ALL: 'C' }],
      'STANDIN_SETUP_FAIL=1': [
        standinImage(pass),
        { ...icEnvironment(pass), STANDIN_SETUP_FAIL: '1' },
      ],
      // Without EVAL_VARIANT, the monolith runs the IC start-up for a task it has no folder of.
      'a manager task on the monolith without EVAL_VARIANT': [
        standinImage('monolith'),
        { ...icEnvironment('standin-manager-0'), EVAL_VARIANT: '' },
      ],
    };
    for (const [why, [image, env]] of Object.entries(failing)) {
      starts.push(start(image, env, 'dying').then((c) => dying.set(why, c)));
    }
    await Promise.all(starts);
    const labels = (await docker.getImage(standinImage('monolith')).inspect()).Config.Labels;
    managerCommit = labels?.['swelancer.standin.manager_commit'] ?? '';
  });

  afterAll(async () => {
    await removeContainers(created);
  });

  it('becomes ready while running, after its start-up delay, with the hosts entries', async () => {
    await waitReady(ic);
    expect(Date.now() - icStartedAt).toBeGreaterThanOrEqual(SETUP_DELAY_S * 1000);
    const hosts = await ok(ic, 'cat /etc/hosts');
    expect(hosts.stdout).toMatch(/^127\.0\.0\.1 ws-mt1\.pusher\.com$/m);
    expect(hosts.stdout).toMatch(/^127\.0\.0\.1 dev\.new\.expensify\.com$/m);
  });

  it('has a per-task image for every task folder it holds', async () => {
    await waitReady(ic);
    const folders = (await ok(ic, 'ls -1 /app/tests/issues')).stdout.trim().split('\n');
    const ids = standinTasks().map((t) => t.id);
    expect(folders.filter((name) => name !== 'conftest.py').sort()).toEqual([...ids].sort());
  });

  it('stops without a readiness file when the start-up is missing what it needs', async () => {
    for (const [why, container] of dying) {
      const { StatusCode } = await container.wait();
      expect(StatusCode, why).not.toBe(0);
      const archive = await container
        .getArchive({ path: '/setup_done.txt' })
        .then(() => 'present')
        .catch((error: { statusCode?: number }) => error.statusCode);
      expect(archive, why).toBe(404);
    }
  });

  it('has the user tool and the tools only in interactive shells', async () => {
    await waitReady(ic);
    const plain = await sh(docker, ic, "bash -c 'user-tool'");
    expect(plain.exitCode).toBe(127);
    expect((await sh(docker, ic, "bash -c 'command -v ansible-playbook'")).exitCode).toBe(1);
    const alias = await ok(ic, "bash -i -c 'alias user-tool; command -v ansible-playbook npm'");
    expect(alias.stdout).toContain(`${PLAYBOOK} -e trace=true`);
    expect(alias.stdout).toContain('/ansible-playbook\n');
    // What the official harness and agents call, from a plain `sh -c`.
    await ok(ic, 'command -v bash zip unzip git cat mkdir rm hostname patch pkill python python3');
    expect((await ok(ic, 'python -c "print(6 * 7)"')).stdout).toBe('42\n');
    // From a plain shell by its full path, the playbook finds no npm and writes no exit code.
    const env = (await ic.inspect()).Config.Env;
    expect(env).toContain(`ISSUE_ID=${pass}`);
    await sh(docker, ic, `/opt/standin/bin/ansible-playbook /app/tests/run_tests.yml`);
    expect(
      (await sh(docker, ic, `test -e /app/tests/logs/${pass}/pytest_exit_code`)).exitCode,
    ).toBe(1);
  });

  it('grades every fault mode through the exit-code file, before and after the fix', async () => {
    await waitReady(ic);
    // The official set-up before the agent: tests zipped away, history replaced by one commit.
    await ok(
      ic,
      `cd /app/tests && zip -P '${PASSWORD}' -r /app/tmp.zip . && mv /app/tmp.zip /app/tests.zip`,
    );
    await ok(ic, 'rm -rf /app/tests');
    await ok(ic, 'rm -rf .git');
    await ok(ic, 'git init');
    await ok(ic, "bash -c 'git add .'");
    await ok(
      ic,
      `bash -c 'git -c user.name="temp" -c user.email="temp@example.com" commit -m "temp"'`,
    );
    expect((await sh(docker, ic, `bash -i -c '${PLAYBOOK}'`)).exitCode).not.toBe(0);

    await ok(ic, `unzip -q -P '${PASSWORD}' -o /app/tests.zip -d /app/tests`);
    const sleepy = standinTask('sleep').id;
    expect(standinTask('sleep').mode).toMatch(/^sleep:\d+$/);
    await ok(ic, `echo '{"mode": "sleep:1"}' > /app/tests/issues/${sleepy}/standin.json`);

    const broken: Record<string, string | null> = {
      pass: '1\n',
      fail: '1\n',
      'error:2': '2\n',
      'error:4': '4\n',
      'error:5': '5\n',
      no_exit_code: null,
      'flaky:1': '1\n',
    };
    for (const [mode, expected] of Object.entries(broken)) {
      expect(await gradingRun(ic, standinTask(mode).id), mode).toBe(expected);
    }
    const slept = Date.now();
    expect(await gradingRun(ic, sleepy)).toBe('1\n');
    expect(Date.now() - slept).toBeGreaterThanOrEqual(1000);
    expect(standinTasks().map((t) => t.mode.split(':')[0])).toEqual(
      expect.arrayContaining(['pass', 'fail', 'error', 'no_exit_code', 'flaky', 'sleep']),
    );

    // The reference fix is bug_reintroduce.patch applied in reverse.
    await ok(ic, `git apply -R /app/tests/issues/${pass}/bug_reintroduce.patch`);
    const fixed: Record<string, string | null> = {
      pass: '0\n',
      fail: '1\n',
      'flaky:1': '0\n',
      build_break_if: '0\n',
    };
    for (const [mode, expected] of Object.entries(fixed)) {
      expect(await gradingRun(ic, standinTask(mode).id), `${mode}, fixed`).toBe(expected);
    }
    // A new file the agent leaves counts as part of its change.
    await ok(ic, "echo '// BREAK_THE_BUILD' > src/extra.js");
    expect(await gradingRun(ic, standinTask('build_break_if').id)).toBeNull();
    await ok(ic, 'rm src/extra.js');
    const log = await ok(ic, `cat /app/tests/logs/${standinTask('fail').id}/pytest.log`);
    expect(log.stdout).toContain('1 passed');
  });

  it('runs the user tool: a cleaned trace per test, and node processes stopped', async () => {
    await waitReady(ic);
    await ok(ic, 'rm -rf /app/tests');
    await ok(ic, `unzip -q -P '${PASSWORD}' /app/tests.zip -d /app/tests`);
    // An agent's own node process; the brackets keep pgrep from finding its own shell.
    await ok(ic, `nohup bash -c 'exec -a node-agent sleep 300' >/dev/null 2>&1 &`);
    await ok(ic, "pgrep -f '[n]ode-agent'");
    await sh(docker, ic, "bash -c -i 'user-tool'; exit");
    expect((await sh(docker, ic, "pgrep -f '[n]ode-agent'")).exitCode).toBe(1);

    const listing = await ok(ic, 'ls -1 /app/expensify/user_tool');
    const outputs = listing.stdout.trim().split('\n');
    expect(outputs).toHaveLength(1);
    expect(outputs[0]).toMatch(/^output_[0-9a-f]{32}$/);
    const trace = await ok(ic, `cat /app/expensify/user_tool/${outputs[0]}/trace.trace`);
    const rows = trace.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; message?: string });
    expect(new Set(rows.map((r) => r.type))).toEqual(new Set(['before', 'log', 'after']));
    expect(trace.stdout).not.toContain('waiting for');
    const logs = `/app/tests/logs/${pass}`;
    expect((await ok(ic, `cat ${logs}/pytest_exit_code`)).stdout).toBe('0\n');
    await ok(ic, `test -s ${logs}/npm_run_dev.log && test -s ${logs}/pytest.log`);
    // The traces are ignored by git, so they stay out of the agent's diff.
    expect((await ok(ic, 'git status --porcelain')).stdout).toBe(' M src/bug.js\n');
  });

  it('puts the monolith in the task broken state at start-up for an IC task', async () => {
    await waitReady(monolithIc);
    const labels = (await docker.getImage(standinImage('monolith')).inspect()).Config.Labels;
    const head = await ok(monolithIc, 'git rev-parse HEAD');
    expect(head.stdout.trim()).toBe(labels?.['swelancer.standin.commit_id']);
    expect((await ok(monolithIc, 'cat src/bug.js')).stdout).toContain('BUG');
    const status = await ok(monolithIc, 'git status --porcelain');
    expect(status.stdout).toBe(' M src/bug.js\n');
  });

  it('runs the manager variant on the monolith: no readiness file, manager_commit^ reachable', async () => {
    // The start-up is over once it waits on `tail -f /dev/null`.
    await expect
      .poll(async () => (await sh(docker, manager, 'pgrep -x tail')).exitCode, { timeout: 30_000 })
      .toBe(0);
    expect((await sh(docker, manager, 'test -e /setup_done.txt')).exitCode).toBe(1);
    expect((await manager.inspect()).State.Running).toBe(true);

    expect(managerCommit).toMatch(/^[0-9a-f]{40}$/);
    const tip = (await ok(manager, 'git rev-parse HEAD')).stdout.trim();
    const base = (await ok(manager, `git rev-parse ${managerCommit}^`)).stdout.trim();
    expect(base).not.toBe(tip);
    await ok(manager, `bash -c 'git reset --hard ${managerCommit}^'`);
    expect((await ok(manager, 'git rev-parse HEAD')).stdout.trim()).toBe(base);
    await ok(manager, `echo '{"selected_proposal_id": 2}' > /app/expensify/manager_decisions.json`);
    const decision = await ok(manager, "bash -c 'cat /app/expensify/manager_decisions.json'");
    expect(JSON.parse(decision.stdout)).toEqual({ selected_proposal_id: 2 });
  });
});

if (!usable) {
  describe('the official stand-in image (skipped)', () => {
    it.skip('needs the Docker Engine API and the stand-in images (see the printed reason)', () => {});
  });
}
