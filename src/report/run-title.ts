/** The one-line description of a run that heads every human-facing format. */
import type { RunReport } from '../metrics/types.ts';
import type { JsonValue } from '../util/json.ts';
import { isObject } from './format.ts';

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
  if (!isObject(manifest) || !isObject(manifest.suite)) return undefined;
  const { name, version } = manifest.suite;
  if (typeof name !== 'string') return undefined;
  return `suite ${name}${typeof version === 'string' ? ` ${version}` : ''}`;
}
