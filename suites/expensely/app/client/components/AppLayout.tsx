import { NavLink, Outlet, useNavigate, useParams } from 'react-router';
import { can, ROLE_LABELS } from '../../shared/roles.ts';
import { useSession } from '../hooks/useSession.tsx';
import { useCurrentWorkspace } from '../hooks/useWorkspace.ts';
import { initials } from '../utils/format.ts';

function WorkspaceSwitcher() {
  const { workspaces } = useSession();
  const current = useCurrentWorkspace();
  const navigate = useNavigate();
  if (workspaces.length === 0) return null;
  return (
    <div className="workspace-switcher">
      <label htmlFor="workspace-switcher">Workspace</label>
      <select
        id="workspace-switcher"
        value={current ? String(current.id) : ''}
        onChange={(event) => navigate(`/workspaces/${event.target.value}/expenses`)}
      >
        {current ? null : <option value="">Choose a workspace</option>}
        {workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function navClass({ isActive }: { isActive: boolean }): string {
  return isActive ? 'nav-link nav-link-active' : 'nav-link';
}

export function AppLayout() {
  const { user, signOut } = useSession();
  const workspace = useCurrentWorkspace();
  const { workspaceId } = useParams();
  const navigate = useNavigate();
  const base = `/workspaces/${workspaceId ?? workspace?.id ?? ''}`;

  return (
    <div className="app-shell">
      <header className="topbar">
        <NavLink to="/" className="brand" aria-label="Expensely home">
          <span className="brand-mark" aria-hidden="true">
            E
          </span>
          Expensely
        </NavLink>
        <WorkspaceSwitcher />
        <div className="user-menu">
          <span className="avatar" aria-hidden="true">
            {initials(user.name)}
          </span>
          <span className="user-name">{user.name}</span>
          <button
            type="button"
            className="button button-small"
            onClick={async () => {
              await signOut();
              navigate('/sign-in');
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <div className="app-body">
        <nav className="sidebar" aria-label="Main">
          {workspace ? (
            <>
              <p className="sidebar-heading">
                {workspace.name}
                <span className="sidebar-role">{ROLE_LABELS[workspace.role]}</span>
              </p>
              <NavLink to={`${base}/expenses`} className={navClass}>
                Expenses
              </NavLink>
              <NavLink to={`${base}/reports`} className={navClass}>
                Reports
              </NavLink>
              <NavLink to={`${base}/members`} className={navClass}>
                Members
              </NavLink>
              {can(workspace.role, 'workspace.manage') ? (
                <NavLink to={`${base}/settings`} className={navClass}>
                  Workspace settings
                </NavLink>
              ) : null}
              {can(workspace.role, 'audit.view') ? (
                <NavLink to={`${base}/audit`} className={navClass}>
                  Audit log
                </NavLink>
              ) : null}
            </>
          ) : null}
          <p className="sidebar-heading">Account</p>
          <NavLink to="/settings/profile" className={navClass}>
            Profile
          </NavLink>
          <NavLink to="/settings/preferences" className={navClass}>
            Preferences
          </NavLink>
          <NavLink to="/settings/wallet" className={navClass}>
            Wallet
          </NavLink>
          <NavLink to="/workspaces/new" className={navClass}>
            New workspace
          </NavLink>
        </nav>
        <main className="content">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
