import { type FormEvent, useState } from 'react';
import { CURRENCIES } from '../../shared/currencies.ts';
import { DATE_FORMATS, type DateFormat, formatIsoDate, isDateFormat } from '../../shared/dates.ts';
import { updatePreferences } from '../api/settings.ts';
import { ErrorBanner } from '../components/Feedback.tsx';
import { SelectField } from '../components/Field.tsx';
import { useDocumentTitle } from '../hooks/useDocumentTitle.ts';
import { useSession } from '../hooks/useSession.tsx';
import { useToast } from '../hooks/useToast.tsx';
import { errorMessage, fieldErrors } from '../utils/errors.ts';

const PAGE_SIZES = [10, 20, 50, 100];

export function PreferencesPage() {
  useDocumentTitle('Preferences');
  const { preferences, workspaces, refresh, today } = useSession();
  const { notify } = useToast();
  const [currency, setCurrency] = useState(preferences.defaultCurrency);
  const [dateFormat, setDateFormat] = useState<DateFormat>(preferences.dateFormat);
  const [pageSize, setPageSize] = useState(preferences.pageSize);
  const [workspaceId, setWorkspaceId] = useState(
    preferences.defaultWorkspaceId === null ? '' : String(preferences.defaultWorkspaceId),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | undefined>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setError(undefined);
    try {
      await updatePreferences({
        defaultCurrency: currency,
        dateFormat,
        pageSize,
        defaultWorkspaceId: workspaceId === '' ? null : Number(workspaceId),
      });
      await refresh();
      notify('Preferences saved');
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(errorMessage(err));
    }
  }

  return (
    <section className="page page-narrow">
      <h1>Preferences</h1>
      <form className="card form" onSubmit={submit} aria-label="Preferences" noValidate>
        {error ? <ErrorBanner message={error} /> : null}
        <SelectField
          label="Default currency for new expenses"
          value={currency}
          onChange={(e) => setCurrency(e.target.value)}
          error={errors.defaultCurrency}
          options={CURRENCIES.map((c) => ({ value: c.code, label: `${c.code} – ${c.name}` }))}
        />
        <SelectField
          label="Date format"
          value={dateFormat}
          onChange={(e) => isDateFormat(e.target.value) && setDateFormat(e.target.value)}
          error={errors.dateFormat}
          options={DATE_FORMATS.map((f) => ({
            value: f,
            label: `${f} (${formatIsoDate(today, f)})`,
          }))}
        />
        <SelectField
          label="Rows per page"
          value={String(pageSize)}
          onChange={(e) => setPageSize(Number(e.target.value))}
          error={errors.pageSize}
          options={PAGE_SIZES.map((n) => ({ value: String(n), label: String(n) }))}
        />
        <SelectField
          label="Open this workspace after sign-in"
          value={workspaceId}
          onChange={(e) => setWorkspaceId(e.target.value)}
          error={errors.defaultWorkspaceId}
          placeholder="First workspace"
          options={workspaces.map((w) => ({ value: String(w.id), label: w.name }))}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            Save preferences
          </button>
        </div>
      </form>
    </section>
  );
}
