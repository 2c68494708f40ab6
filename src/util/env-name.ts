/**
 * Whether a harness variable may be passed into an agent's sandbox: a plain variable name,
 * not PATH (binaries come with `--agent-path`) and not one of the task's own SWELANCER_*.
 */
export function isPassableVariable(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && name !== 'PATH' && !name.startsWith('SWELANCER_');
}
