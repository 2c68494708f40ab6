import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { CURRENCIES } from '../../shared/currencies.ts';
import { createWorkspace } from '../api/workspaces.ts';
import { ErrorBanner } from '../components/Feedback.tsx';
import { SelectField, TextField } from '../components/Field.tsx';
import { useDocumentTitle } from '../hooks/useDocumentTitle.ts';
import { useSession } from '../hooks/useSession.tsx';
import { useToast } from '../hooks/useToast.tsx';
import { errorMessage, fieldErrors } from '../utils/errors.ts';

export function NewWorkspacePage() {
  useDocumentTitle('New workspace');
  const { refresh, preferences } = useSession();
  const navigate = useNavigate();
  const { notify } = useToast();
  const [name, setName] = useState('');
  const [currency, setCurrency] = useState(preferences.defaultCurrency);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | undefined>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      const workspace = await createWorkspace(name, currency);
      await refresh();
      notify(`Workspace “${workspace.name}” created`);
      navigate(`/workspaces/${workspace.id}/expenses`);
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(errorMessage(err));
    }
  }

  return (
    <section className="page page-narrow">
      <h1>New workspace</h1>
      {error ? <ErrorBanner message={error} /> : null}
      <form className="form" onSubmit={submit} aria-label="New workspace" noValidate>
        <TextField
          label="Workspace name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
        />
        <SelectField
          label="Currency"
          value={currency}
          onChange={(e) => setCurrency(e.target.value)}
          error={errors.currency}
          options={CURRENCIES.map((c) => ({ value: c.code, label: `${c.code} – ${c.name}` }))}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            Create workspace
          </button>
        </div>
      </form>
    </section>
  );
}
