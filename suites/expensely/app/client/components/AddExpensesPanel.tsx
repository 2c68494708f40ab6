import { useState } from 'react';
import type { ReportDetailDto } from '../../shared/api-types.ts';
import { formatMoney } from '../../shared/money.ts';
import { listExpenses } from '../api/expenses.ts';
import { addExpensesToReport } from '../api/reports.ts';
import { useAsync } from '../hooks/useAsync.ts';
import { useToast } from '../hooks/useToast.tsx';
import { errorMessage } from '../utils/errors.ts';
import { ErrorBanner } from './Feedback.tsx';

/** Lists the owner's unreported expenses with checkboxes to add them to a draft report. */
export function AddExpensesPanel({
  report,
  onAdded,
}: {
  report: ReportDetailDto;
  onAdded(next: ReportDetailDto): void;
}) {
  const [open, setOpen] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const [error, setError] = useState<string | undefined>();
  const { notify } = useToast();
  const candidates = useAsync(
    () =>
      open
        ? listExpenses(
            report.workspaceId,
            new URLSearchParams({ status: 'unreported', pageSize: '100' }),
          )
        : Promise.resolve(undefined),
    [open, report.workspaceId, report.expenseCount],
  );

  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Add expenses
      </button>
    );
  }

  const items = candidates.data?.items ?? [];

  async function add() {
    setError(undefined);
    try {
      const next = await addExpensesToReport(report.id, selected);
      onAdded(next);
      notify(`${selected.length} expense${selected.length === 1 ? '' : 's'} added`);
      setSelected([]);
      setOpen(false);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <fieldset className="add-expenses">
      <legend>Add unreported expenses</legend>
      {error ? <ErrorBanner message={error} /> : null}
      {candidates.status === 'success' && items.length === 0 ? (
        <p className="muted">You have no unreported expenses.</p>
      ) : null}
      <ul className="checklist">
        {items.map((expense) => (
          <li key={expense.id}>
            <label>
              <input
                type="checkbox"
                checked={selected.includes(expense.id)}
                onChange={(e) =>
                  setSelected((current) =>
                    e.target.checked
                      ? [...current, expense.id]
                      : current.filter((id) => id !== expense.id),
                  )
                }
              />{' '}
              {expense.date} · {expense.merchant} ·{' '}
              {formatMoney(expense.convertedMinor, expense.workspaceCurrency)}
            </label>
          </li>
        ))}
      </ul>
      <div className="button-row">
        <button
          type="button"
          className="button button-primary"
          disabled={selected.length === 0}
          onClick={() => void add()}
        >
          Add selected
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
    </fieldset>
  );
}
