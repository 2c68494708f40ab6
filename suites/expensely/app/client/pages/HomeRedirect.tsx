import { Link, Navigate } from 'react-router';
import { useSession } from '../hooks/useSession.tsx';

/** Opens the preferred workspace, else the first one, else explains how to get one. */
export function HomeRedirect() {
  const { workspaces, preferences } = useSession();
  const preferred =
    workspaces.find((w) => w.id === preferences.defaultWorkspaceId) ?? workspaces[0];
  if (preferred) return <Navigate to={`/workspaces/${preferred.id}/expenses`} replace />;
  return (
    <section className="page">
      <h1>Welcome to Expensely</h1>
      <p>
        You are not a member of any workspace yet. Ask an admin to invite you, or create your own.
      </p>
      <Link className="button button-primary" to="/workspaces/new">
        Create a workspace
      </Link>
    </section>
  );
}
