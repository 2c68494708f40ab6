import type { SandboxFacade } from '../src/sandbox/facade.ts';
import type { LocalSandbox } from '../src/sandbox/local/sandbox.ts';
import type { Sandbox } from '../src/sandbox/types.ts';
import { defineSandboxCases } from './support/sandbox-cases.ts';

defineSandboxCases({
  name: 'local',
  hostWorkspace: (sandbox: Sandbox) =>
    ((sandbox as SandboxFacade).inner as LocalSandbox).hostWorkspace,
});
