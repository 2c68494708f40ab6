/**
 * `patch:<file>`: applies one given patch file in the IC workspace and stops. Grades a
 * candidate fix exactly as an agent's work would be graded (`swelancer run --agent
 * patch:fix.diff`), and lets suite validation grade manager proposals' patches by execution.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.ts';
import type { Sandbox } from '../sandbox/types.ts';
import { sha256 } from '../util/hash.ts';
import type { Agent, AgentOutcome } from './types.ts';

export interface PatchAgentOptions {
  /**
   * Shown in reports and stored with each attempt.
   * @default `patch:<file as given>`
   */
  label?: string;
}

/**
 * Reads the patch now, so a missing file is a flag error before anything runs and the
 * attempt key follows the patch's content, not its name.
 */
export async function createPatchAgent(
  file: string,
  options: PatchAgentOptions = {},
): Promise<Agent> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const found = code === 'ENOENT' ? 'nothing there' : `an unreadable file (${code})`;
    throw new InputError(
      'FLAG_INVALID',
      `--agent patch:${file}: expected a patch file at ${absolute}, found ${found}`,
      { location: file, cause: error },
    );
  }
  return {
    label: options.label ?? `patch:${file}`,
    config: { agent: 'patch', sha256: sha256(text) },
    needsWorkspace: false,
    kinds: ['ic_swe'],
    async run(input): Promise<AgentOutcome> {
      if (input.kind !== 'ic_swe') {
        return { status: 'agent_error', reason: 'the patch agent only attempts IC tasks' };
      }
      const applied = await applyPatchText(input.sandbox, text);
      return applied.ok
        ? { status: 'completed' }
        : { status: 'agent_error', reason: `the patch ${file} did not apply: ${applied.reason}` };
    },
  };
}

/**
 * Applies `text` with `git apply` inside the sandbox (the workspace is a git checkout of the
 * broken state). Shared by `gold`, which applies the reference fix the same way.
 */
export async function applyPatchText(
  sandbox: Sandbox,
  text: string,
  options: { reverse?: boolean } = {},
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const args = ['git', 'apply', '--whitespace=nowarn', ...(options.reverse ? ['-R'] : []), '-'];
  const applied = await sandbox.exec(args, { stdin: text });
  if (applied.exitCode === 0) return { ok: true };
  return {
    ok: false,
    reason: `git apply exited ${applied.exitCode ?? applied.signal}: ${applied.stderr.trim().slice(0, 500)}`,
  };
}
