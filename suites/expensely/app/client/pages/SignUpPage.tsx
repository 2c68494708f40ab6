import { type FormEvent, useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { CURRENCIES } from '../../shared/currencies.ts';
import { type FieldErrors, isEmail, validatePassword } from '../../shared/validation.ts';
import { signUp } from '../api/auth.ts';
import { ErrorBanner } from '../components/Feedback.tsx';
import { SelectField, TextField } from '../components/Field.tsx';
import { useDocumentTitle } from '../hooks/useDocumentTitle.ts';
import { useSessionContext } from '../hooks/useSession.tsx';
import { errorMessage, fieldErrors } from '../utils/errors.ts';

export function SignUpPage() {
  useDocumentTitle('Create an account');
  const { state, adopt } = useSessionContext();
  const navigate = useNavigate();
  const [form, setForm] = useState({
    name: '',
    email: '',
    password: '',
    workspaceName: '',
    currency: 'USD',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  if (state.status === 'signed-in') return <Navigate to="/" replace />;

  function update(field: keyof typeof form, value: string) {
    setForm((current) => ({ ...current, [field]: value }));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems: FieldErrors = {};
    if (form.name.trim() === '') problems.name = 'Name is required';
    if (!isEmail(form.email)) problems.email = 'Enter a valid email address';
    const passwordProblem = validatePassword(form.password);
    if (passwordProblem) problems.password = passwordProblem;
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      const session = await signUp(form);
      adopt(session);
      navigate('/', { replace: true });
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth-page">
      <div className="auth-card">
        <h1>Create your account</h1>
        {error ? <ErrorBanner message={error} /> : null}
        <form onSubmit={submit} noValidate aria-label="Create account">
          <TextField
            label="Full name"
            value={form.name}
            onChange={(e) => update('name', e.target.value)}
            error={errors.name}
          />
          <TextField
            label="Email"
            type="email"
            value={form.email}
            onChange={(e) => update('email', e.target.value)}
            error={errors.email}
          />
          <TextField
            label="Password"
            type="password"
            autoComplete="new-password"
            value={form.password}
            onChange={(e) => update('password', e.target.value)}
            error={errors.password}
            hint="At least 8 characters, with a letter and a number"
          />
          <TextField
            label="Workspace name (optional)"
            value={form.workspaceName}
            onChange={(e) => update('workspaceName', e.target.value)}
            hint="Creates a workspace where you are the admin"
          />
          <SelectField
            label="Workspace currency"
            value={form.currency}
            onChange={(e) => update('currency', e.target.value)}
            options={CURRENCIES.map((c) => ({ value: c.code, label: `${c.code} – ${c.name}` }))}
          />
          <button type="submit" className="button button-primary button-block" disabled={busy}>
            {busy ? 'Creating account…' : 'Create account'}
          </button>
        </form>
        <p className="auth-switch">
          Already have an account? <Link to="/sign-in">Sign in</Link>
        </p>
      </div>
    </main>
  );
}
