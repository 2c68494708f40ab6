import { useParams } from 'react-router';
import type { WorkspaceDto } from '../../shared/api-types.ts';
import { can, type Permission } from '../../shared/roles.ts';
import { useSession } from './useSession.tsx';

/** The workspace named in the URL, or undefined when the user is not a member of it. */
export function useCurrentWorkspace(): WorkspaceDto | undefined {
  const { workspaceId } = useParams();
  const { workspaces } = useSession();
  return workspaces.find((w) => String(w.id) === workspaceId);
}

/** Like useCurrentWorkspace, for pages rendered inside <WorkspaceRoute>, which guarantees one. */
export function useWorkspace(): WorkspaceDto & { can(permission: Permission): boolean } {
  const workspace = useCurrentWorkspace();
  if (!workspace) throw new Error('useWorkspace called outside a workspace route');
  return { ...workspace, can: (permission) => can(workspace.role, permission) };
}
