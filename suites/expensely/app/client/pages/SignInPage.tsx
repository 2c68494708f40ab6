import { type FormEvent, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ErrorBanner } from '../components/Feedback.tsx';
import { TextField } from '../components/Field.tsx';
import { useDocumentTitle } from '../hooks/useDocumentTitle.ts';
import { useSessionContext } from '../hooks/useSession.tsx';
import { errorMessage } from '../utils/errors.ts';

/** Only same-site paths are followed after sign-in, never another origin. */
export function safeNext(next: string | null): string {
  if (!next?.startsWith('/') || next.startsWith('//')) return '/';
  return next;
}

export function SignInPage() {
  useDocumentTitle('Sign in');
  const { state, signIn } = useSessionContext();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));

  if (state.status === 'signed-in') return <Navigate to={next} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (email.trim() === '' || password === '') {
      setError('Enter your email and password');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await signIn(email, password);
      navigate(next, { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth-page">
      <div className="auth-card">
        <h1>Sign in to Expensely</h1>
        <p className="muted">Track expenses, submit reports and get reimbursed.</p>
        {error ? <ErrorBanner message={error} /> : null}
        <form onSubmit={submit} noValidate aria-label="Sign in">
          <TextField
            label="Email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <TextField
            label="Password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <button type="submit" className="button button-primary button-block" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p className="auth-switch">
          New to Expensely? <Link to="/sign-up">Create an account</Link>
        </p>
      </div>
    </main>
  );
}
