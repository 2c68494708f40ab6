import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Permission } from '../../shared/roles.ts';
import { can } from '../../shared/roles.ts';
import { useCurrentWorkspace } from '../hooks/useWorkspace.ts';

/** Guards pages under /workspaces/:workspaceId, optionally for one permission. */
export function WorkspaceRoute({
  children,
  permission,
}: {
  children: ReactNode;
  permission?: Permission;
}) {
  const workspace = useCurrentWorkspace();
  if (!workspace) {
    return (
      <section className="page">
        <h1>Workspace not found</h1>
        <p>This workspace does not exist or you are not a member of it.</p>
        <Link to="/">Go to your workspaces</Link>
      </section>
    );
  }
  if (permission && !can(workspace.role, permission)) {
    return (
      <section className="page">
        <h1>Access denied</h1>
        <p>
          Your role in {workspace.name} does not allow this page. Ask a workspace admin for access.
        </p>
      </section>
    );
  }
  return <>{children}</>;
}
