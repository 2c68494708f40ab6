import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { formatMoney, sumMinor } from '../../shared/money.ts';
import { validateReportTitle } from '../../shared/validation.ts';
import { listExpenses } from '../api/expenses.ts';
import { createReport } from '../api/reports.ts';
import { ExpenseTable } from '../components/ExpenseTable.tsx';
import { EmptyState, ErrorBanner, Spinner } from '../components/Feedback.tsx';
import { TextField } from '../components/Field.tsx';
import { useAsync } from '../hooks/useAsync.ts';
import { useDocumentTitle } from '../hooks/useDocumentTitle.ts';
import { useSession } from '../hooks/useSession.tsx';
import { useToast } from '../hooks/useToast.tsx';
import { useWorkspace } from '../hooks/useWorkspace.ts';
import { errorMessage } from '../utils/errors.ts';

export function NewReportPage() {
  useDocumentTitle('New report');
  const workspace = useWorkspace();
  const { preferences } = useSession();
  const navigate = useNavigate();
  const { notify } = useToast();
  const [params] = useSearchParams();
  const preselected = (params.get('expenses') ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  const [title, setTitle] = useState('');
  const [titleError, setTitleError] = useState<string | undefined>();
  const [selected, setSelected] = useState<Set<number>>(new Set(preselected));
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  const unreported = useAsync(
    () =>
      listExpenses(
        workspace.id,
        new URLSearchParams({ status: 'unreported', pageSize: '100', sort: 'date_asc' }),
      ),
    [workspace.id],
  );
  const expenses = unreported.data?.items ?? [];
  const total = sumMinor(expenses.filter((e) => selected.has(e.id)).map((e) => e.convertedMinor));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problem = validateReportTitle(title);
    setTitleError(problem);
    if (problem) return;
    setSaving(true);
    setError(undefined);
    try {
      const report = await createReport(workspace.id, title, [...selected]);
      notify(`Report “${report.title}” created`);
      navigate(`/workspaces/${workspace.id}/reports/${report.id}`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="page">
      <p className="breadcrumb">
        <Link to={`/workspaces/${workspace.id}/reports`}>Reports</Link> / New report
      </p>
      <h1>New report</h1>
      {error ? <ErrorBanner message={error} /> : null}
      <form onSubmit={submit} noValidate aria-label="New report" className="form">
        <TextField
          label="Report title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          error={titleError}
        />
        <h2>Unreported expenses</h2>
        {unreported.status === 'loading' ? <Spinner label="Loading expenses…" /> : null}
        {unreported.status === 'error' ? (
          <ErrorBanner message={errorMessage(unreported.error)} />
        ) : null}
        {unreported.status === 'success' && expenses.length === 0 ? (
          <EmptyState title="No unreported expenses">
            <p>You can create an empty report now and add expenses later.</p>
          </EmptyState>
        ) : null}
        {expenses.length > 0 ? (
          <ExpenseTable
            expenses={expenses}
            dateFormat={preferences.dateFormat}
            caption="Unreported expenses"
            selection={{
              selected,
              isSelectable: () => true,
              onToggle: (id) =>
                setSelected((current) => {
                  const next = new Set(current);
                  if (next.has(id)) next.delete(id);
                  else next.add(id);
                  return next;
                }),
            }}
          />
        ) : null}
        <p className="summary-bar">
          <span>{selected.size} selected</span>
          <span>
            Report total: <strong>{formatMoney(total, workspace.currency)}</strong>
          </span>
        </p>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={saving}>
            {saving ? 'Creating…' : 'Create report'}
          </button>
          <Link className="button" to={`/workspaces/${workspace.id}/reports`}>
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
