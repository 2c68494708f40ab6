/** The one-line description of a run that heads every human-facing format. */
import type { RunReport } from '../metrics/types.ts';
import { isJsonObject, type JsonValue } from '../util/json.ts';

export function runTitle(report: RunReport): string {
  const suite = suiteOf(report.run.manifest);
  const scored = report.tasks.filter((task) => !task.quarantined).length;
  const parts = [
    report.run.name,
    suite,
    `${report.agents.length} agent(s)`,
    `${scored} task(s)`,
    report.complete ? 'complete' : `incomplete (${report.pendingAttempts} pending)`,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** `suite builtin 1.0.0` when the manifest says so; the manifest's shape is the store's. */
function suiteOf(manifest: JsonValue): string | undefined {
  if (!isJsonObject(manifest) || !isJsonObject(manifest.suite)) return undefined;
  const { name, version } = manifest.suite;
  if (typeof name !== 'string') return undefined;
  return `suite ${name}${typeof version === 'string' ? ` ${version}` : ''}`;
}

/**
 * What the agents worked from, as the run's manifest records it: whose prompt, and whether
 * official manager tasks read the code. Results under other conditions are not comparable.
 */
export function runConditions(report: RunReport): string[] {
  const plan = planOf(report.run.manifest);
  if (!plan) return [];
  const lines = [
    plan.prompt === 'dataset'
      ? "prompt: dataset (the official CSV's own prompt messages, with a note on how to answer here)"
      : "prompt: swelancer (the harness's own wording)",
  ];
  const officialManager = report.tasks.some(
    (task) => task.kind === 'swe_manager' && task.tags.includes('swelancer'),
  );
  const clone = isJsonObject(plan.codebases) ? plan.codebases.expensify : undefined;
  if (typeof clone === 'string') {
    lines.push(
      `manager tasks read Expensify/App at each manager_commit's parent (clone: ${clone})`,
    );
  } else if (officialManager) {
    lines.push(
      'manager tasks ran on text alone: no codebase was given (--codebase expensify=<clone>)',
    );
  }
  if (isJsonObject(plan.filters) && typeof plan.filters.split === 'string') {
    lines.push(`split: ${plan.filters.split}`);
  }
  return lines;
}

/** The run's prompt source (`--prompt`), `swelancer` when the manifest names none. */
export function promptOf(manifest: JsonValue): string {
  const prompt = planOf(manifest)?.prompt;
  return typeof prompt === 'string' ? prompt : 'swelancer';
}

function planOf(manifest: JsonValue): { [key: string]: JsonValue } | undefined {
  return isJsonObject(manifest) && isJsonObject(manifest.plan) ? manifest.plan : undefined;
}
