import { describe, it } from 'vitest';
import type { ContainerSandbox } from '../src/sandbox/container/sandbox.ts';
import type { SandboxFacade } from '../src/sandbox/facade.ts';
import type { Sandbox } from '../src/sandbox/types.ts';
import { requireContainers } from './support/container.ts';
import { defineSandboxCases } from './support/sandbox-cases.ts';

const usable = await requireContainers();

if (usable) {
  defineSandboxCases({
    name: 'container',
    hostWorkspace: (sandbox: Sandbox) =>
      ((sandbox as SandboxFacade).inner as ContainerSandbox).hostWorkspace,
  });
} else {
  describe('sandbox provider "container"', () => {
    it.skip('needs a Docker Engine API and the sandbox image (see the printed reason)', () => {});
  });
}
