import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSessionContext } from '../hooks/useSession.tsx';
import { ErrorBanner, Spinner } from './Feedback.tsx';

/** Renders children only with a session; otherwise sends the user to sign in and back. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { state, refresh } = useSessionContext();
  const location = useLocation();
  if (state.status === 'loading') return <Spinner label="Loading your account…" />;
  if (state.status === 'error') {
    return (
      <main className="centered">
        <ErrorBanner message={state.message} onRetry={() => void refresh()} />
      </main>
    );
  }
  if (state.status === 'signed-out') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}
