/**
 * `patch:<file>`: its work on an IC task is one given patch file (`Agent.fixedDiff`). Grades a
 * candidate fix exactly as an agent's work would be graded (`swelancer run --agent
 * patch:fix.diff`), and lets suite validation grade manager proposals' patches by execution.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { sha256 } from '../util/hash.ts';
import type { Agent } from './types.ts';

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
  let patch: Uint8Array;
  try {
    patch = new Uint8Array(await readFile(absolute));
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
    config: { agent: 'patch', sha256: sha256(patch) },
    needsWorkspace: false,
    kinds: ['ic_swe'],
    fixedDiff: async () => ({ ok: true, patch, name: `the patch ${file}` }),
    async run() {
      return { status: 'agent_error', reason: 'the patch agent works through fixedDiff' };
    },
  };
}
