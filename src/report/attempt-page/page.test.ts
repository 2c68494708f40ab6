import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZERO_USAGE } from '../../model/usage.ts';
import type { AttemptResult } from '../../store/types.ts';
import type { AttemptView } from './attempt-view.ts';
import { artifactHref, runDirHref } from './evidence-href.ts';
import { renderAttemptHtml } from './page.ts';

let runDir: string;
beforeAll(() => {
  runDir = mkdtempSync(join(tmpdir(), 'swl-attempt-page-'));
});
afterAll(() => rmSync(runDir, { recursive: true, force: true }));

function result(extra: Partial<AttemptResult>): AttemptResult {
  return {
    key: 'k1',
    taskId: 't1',
    agentLabel: 'command:./agent.sh',
    attemptIndex: 0,
    status: 'failed',
    priceUsd: 1000,
    earnedUsd: 0,
    partialCredit: undefined,
    costUsd: null,
    usage: ZERO_USAGE,
    model: undefined,
    startedAt: '2026-12-06T10:00:00.000Z',
    finishedAt: '2026-12-06T10:01:00.000Z',
    durationMs: 60_000,
    infraRetries: 0,
    explanation: 'picked proposal 2; the manager chose 0',
    details: null,
    artifacts: {},
    ...extra,
  };
}

function view(r: AttemptResult, extra: Partial<AttemptView> = {}): AttemptView {
  return {
    result: r,
    task: undefined,
    text: undefined,
    runDir,
    hrefBase: '../../my%20run/',
    commandDir: 'runs/my run',
    indexHref: '../report.html',
    ...extra,
  };
}

function artifact(path: string, text: string): void {
  mkdirSync(dirname(join(runDir, path)), { recursive: true });
  writeFileSync(join(runDir, path), text);
}

describe('evidence links', () => {
  it('are relative to the page and encode each segment of a path', () => {
    expect(runDirHref('/work/out/attempts', '/work/runs/my run')).toBe('../../runs/my%20run/');
    expect(runDirHref('/work/out/attempts', '/work/out/attempts')).toBe('./');
    expect(artifactHref('../../r/', 'artifacts/k/grade/a b#1?/trace.zip')).toBe(
      '../../r/artifacts/k/grade/a%20b%231%3F/trace.zip',
    );
  });
});

describe('an attempt page', () => {
  it("shows a CLI agent's transcript, links it from the run directory's href, and an unknown cost", () => {
    artifact(
      'artifacts/k1/agent-output.txt',
      '$ ./agent.sh\n--- exit 0 in 12 ms\n--- stdout\n<done>\n',
    );
    const html = renderAttemptHtml(
      view(result({ artifacts: { 'agent-output.txt': 'artifacts/k1/agent-output.txt' } })),
    );
    expect(html).toContain('<h2>Agent transcript</h2>');
    expect(html).toContain('&lt;done&gt;');
    expect(html).toContain(
      'href="../../my run/artifacts/k1/agent-output.txt"'.replace('my run', 'my%20run'),
    );
    expect(html).toContain('cost</dt><dd>unknown');
    expect(html).toContain('<a href="../report.html">← report</a>');
  });

  it('shows the cause of every try of an infra error, apart from agent failures', () => {
    const html = renderAttemptHtml(
      view(
        result({
          status: 'infra_error',
          infraRetries: 1,
          explanation: 'infrastructure failed on all 2 tries: podman: no space left',
          details: {
            errors: ['sandbox: image pull timed out', 'podman: no space left'],
            code: 'SANDBOX_FAILED',
            agent: 'gold',
          },
        }),
      ),
    );
    expect(html).toContain(
      'Infrastructure failed on every try (SANDBOX_FAILED); this attempt is not scored.',
    );
    expect(html).toContain('<li>try 1: sandbox: image pull timed out</li>');
    expect(html).toContain('<li>try 2: podman: no space left</li>');
  });

  it('shows the end of each official pytest run with links to its logs', () => {
    const log = Array.from({ length: 60 }, (_, i) => `line ${i + 1}`).join('\n');
    artifact(
      'artifacts/k2/run-0/pytest.log',
      `${log}\nFAILED tests/test_issue.py::test_expensify - AssertionError`,
    );
    artifact('artifacts/k2/run-0/playbook.log', 'ok');
    artifact('artifacts/k2/control/run-0/pytest.log', '1 passed');
    const html = renderAttemptHtml(
      view(
        result({
          key: 'k2',
          artifacts: {
            'run-0/pytest.log': 'artifacts/k2/run-0/pytest.log',
            'run-0/playbook.log': 'artifacts/k2/run-0/playbook.log',
            'control/run-0/pytest.log': 'artifacts/k2/control/run-0/pytest.log',
          },
        }),
      ),
    );
    expect(html).toContain('<h2>Hidden tests (official image)</h2>');
    expect(html).toContain('FAILED tests/test_issue.py::test_expensify - AssertionError');
    expect(html).toContain('the last 40 of 61 lines');
    expect(html).not.toContain('line 21\n');
    expect(html).toContain('href="../../my%20run/artifacts/k2/run-0/playbook.log"');
    expect(html).toContain('control grading (clean broken state), run-0');
  });

  it("shows the user tool's screenshots in run order", () => {
    const html = renderAttemptHtml(
      view(
        result({
          artifacts: {
            'user-tool/10/after.png': 'artifacts/k1/user-tool/10/after.png',
            'user-tool/2/after.png': 'artifacts/k1/user-tool/2/after.png',
            'user-tool/2/report.json': 'artifacts/k1/user-tool/2/report.json',
          },
        }),
      ),
    );
    const sources = [...html.matchAll(/<img class="shot" src="([^"]+)"/g)].map((m) => m[1]);
    expect(sources).toEqual([
      '../../my%20run/artifacts/k1/user-tool/2/after.png',
      '../../my%20run/artifacts/k1/user-tool/10/after.png',
    ]);
  });

  it('shows chosen and correct proposal ids when the run recorded no texts', () => {
    const html = renderAttemptHtml(
      view(
        result({
          details: { presentedOrder: [2, 0, 1], selectedProposalId: 2, correctProposalId: 0 },
        }),
      ),
    );
    expect(html).toContain(
      'Chosen by the agent: proposal 2 <span class="muted">shown 1st of 3</span>',
    );
    expect(html).toContain(
      'Chosen by the manager: proposal 0 <span class="muted">shown 2nd of 3</span>',
    );
    expect(html).toContain('did not record proposal texts');
  });
});
