import type { Sandbox } from './types.ts';

/**
 * The sandbox with some of its methods replaced (a view for one purpose); everything else,
 * `dispose` included, goes to the sandbox itself.
 */
export function wrapSandbox(
  sandbox: Sandbox,
  overrides: Partial<Pick<Sandbox, 'exec' | 'readFile'>>,
): Sandbox {
  return {
    get id() {
      return sandbox.id;
    },
    get provider() {
      return sandbox.provider;
    },
    get workdir() {
      return sandbox.workdir;
    },
    exec: overrides.exec ?? ((command, options) => sandbox.exec(command, options)),
    readFile: overrides.readFile ?? ((path) => sandbox.readFile(path)),
    writeFile: (path, data) => sandbox.writeFile(path, data),
    copyIn: (hostPath, sandboxPath) => sandbox.copyIn(hostPath, sandboxPath),
    copyOut: (sandboxPath, hostPath) => sandbox.copyOut(sandboxPath, hostPath),
    dispose: () => sandbox.dispose(),
  };
}
