/**
 * Before a run plans its attempts: the official IC tasks it will attempt get their image
 * pinned (`official/images.ts`), so their attempt keys cover the image's id. Runs that cannot
 * run them (no container provider) or will not (no agent does IC, all filtered out) leave
 * them as they are; planning then skips them with the reason.
 */
import type { Agent } from '../agent/types.ts';
import { MONOLITH_CODEBASE } from '../environments/manager-codebase.ts';
import { InputError } from '../errors.ts';
import {
  isOfficialIcTask,
  type PullProgress,
  pinOfficialImages,
  type ResolvedImage,
} from '../official/images.ts';
import {
  DEFAULT_OFFICIAL_SETTINGS,
  type OfficialSettings,
  officialImageName,
} from '../official/settings.ts';
import type { RunPlanInputs } from '../store/types.ts';
import type { Suite, Task } from '../task/types.ts';
import { selectTasks } from './select.ts';

export interface OfficialImagesInput {
  suite: Suite;
  plan: Pick<RunPlanInputs, 'filters' | 'officialImage' | 'codebases'>;
  agents: readonly Agent[];
  /** The run's sandbox provider name: only `container` runs official images. */
  sandbox: string;
  /** Docker Engine API socket. @default as the container provider resolves it */
  dockerSocket?: string;
  pull: boolean;
  onProgress?: PullProgress;
}

export async function withOfficialImages(
  input: OfficialImagesInput,
): Promise<{ suite: Suite; images: ResolvedImage[] }> {
  const { suite, plan } = input;
  const unchanged = { suite, images: [] };
  const selected = selectTasks(suite.tasks, plan.filters, suite.origin);
  const settings = officialSettingsOf(plan);
  const monolith = needsMonolith(plan, selected)
    ? officialImageName('monolith', { ...settings, image: 'monolith' })
    : undefined;
  if (monolith && input.sandbox !== 'container') {
    throw new InputError(
      'FLAG_INVALID',
      `--codebase expensify=${MONOLITH_CODEBASE}: expected --sandbox container (the code comes from a container of ${monolith})`,
      { location: '--codebase' },
    );
  }
  const doesIc = input.agents.some((agent) => agent.kinds.includes('ic_swe'));
  const ic = input.sandbox === 'container' && doesIc ? selected.filter(isOfficialIcTask) : [];
  if (ic.length === 0 && !monolith) return unchanged;
  const [{ default: Docker }, { resolveSocket }] = await Promise.all([
    import('dockerode'),
    import('../sandbox/container/index.ts'),
  ]);
  const socketPath = resolveSocket(input.dockerSocket ? { dockerSocket: input.dockerSocket } : {});
  const docker = new Docker({ socketPath, timeout: 60_000 });
  const pinned = await pinOfficialImages(ic, docker, settings, {
    pull: input.pull,
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    ...(monolith ? { also: [monolith] } : {}),
  });
  const byId = new Map(pinned.tasks.map((task) => [task.id, task]));
  return {
    suite: { ...suite, tasks: suite.tasks.map((task) => byId.get(task.id) ?? task) },
    images: pinned.images,
  };
}

/** Whether official manager tasks of the plan read their code from the monolith image. */
function needsMonolith(plan: Pick<RunPlanInputs, 'codebases'>, tasks: readonly Task[]): boolean {
  return (
    plan.codebases?.expensify === MONOLITH_CODEBASE &&
    tasks.some((task) => task.kind === 'swe_manager' && task.managerCommit !== undefined)
  );
}

/** The settings of a plan: its image choice over the official defaults. */
export function officialSettingsOf(
  plan: Pick<RunPlanInputs, 'officialImage'>,
  budgets: Partial<OfficialSettings> = {},
): OfficialSettings {
  return {
    ...DEFAULT_OFFICIAL_SETTINGS,
    ...budgets,
    ...(plan.officialImage
      ? {
          image: plan.officialImage.choice,
          prefix: plan.officialImage.prefix,
          tag: plan.officialImage.tag,
        }
      : {}),
  };
}
