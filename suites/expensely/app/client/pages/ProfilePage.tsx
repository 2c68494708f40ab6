import { type FormEvent, useState } from 'react';
import { validatePassword } from '../../shared/validation.ts';
import { changePassword, updateProfile } from '../api/settings.ts';
import { ErrorBanner } from '../components/Feedback.tsx';
import { TextField } from '../components/Field.tsx';
import { useDocumentTitle } from '../hooks/useDocumentTitle.ts';
import { useSession } from '../hooks/useSession.tsx';
import { useToast } from '../hooks/useToast.tsx';
import { errorMessage, fieldErrors } from '../utils/errors.ts';

function PasswordForm() {
  const { notify } = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (current === '') problems.currentPassword = 'Enter your current password';
    const weak = validatePassword(next);
    if (weak) problems.newPassword = weak;
    if (confirm !== next) problems.confirm = 'Passwords do not match';
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    try {
      await changePassword(current, next);
      setCurrent('');
      setNext('');
      setConfirm('');
      notify('Password changed. Other devices were signed out.');
    } catch (err) {
      const fields = fieldErrors(err);
      setErrors(Object.keys(fields).length > 0 ? fields : { form: errorMessage(err) });
    }
  }

  return (
    <form className="card form" onSubmit={submit} aria-label="Change password" noValidate>
      <h2>Change password</h2>
      {errors.form ? <ErrorBanner message={errors.form} /> : null}
      <TextField
        label="Current password"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
        error={errors.currentPassword}
      />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={(e) => setNext(e.target.value)}
        error={errors.newPassword}
      />
      <TextField
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={(e) => setConfirm(e.target.value)}
        error={errors.confirm}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          Change password
        </button>
      </div>
    </form>
  );
}

export function ProfilePage() {
  useDocumentTitle('Profile');
  const { user, refresh } = useSession();
  const { notify } = useToast();
  const [name, setName] = useState(user.name);
  const [email, setEmail] = useState(user.email);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | undefined>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setError(undefined);
    try {
      await updateProfile({ name, email });
      await refresh();
      notify('Profile saved');
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(errorMessage(err));
    }
  }

  return (
    <section className="page page-narrow">
      <h1>Profile</h1>
      <form className="card form" onSubmit={submit} aria-label="Profile" noValidate>
        {error ? <ErrorBanner message={error} /> : null}
        <TextField
          label="Full name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
        />
        <TextField
          label="Email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            Save profile
          </button>
        </div>
      </form>
      <PasswordForm />
    </section>
  );
}
