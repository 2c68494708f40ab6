import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { ExpenseDto } from '../../shared/api-types.ts';
import { deleteExpense, getExpense, updateExpense } from '../api/expenses.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ExpenseForm } from '../components/ExpenseForm.tsx';
import { ErrorBanner, Spinner, WarningBanner } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { useAsync } from '../hooks/useAsync.ts';
import { useCategories } from '../hooks/useCategories.ts';
import { useDocumentTitle } from '../hooks/useDocumentTitle.ts';
import { useSession } from '../hooks/useSession.tsx';
import { useToast } from '../hooks/useToast.tsx';
import { useWorkspace } from '../hooks/useWorkspace.ts';
import { errorMessage } from '../utils/errors.ts';
import { formatBytes, formatDate, formatDateTime } from '../utils/format.ts';

function ExpenseSummary({ expense }: { expense: ExpenseDto }) {
  const { preferences } = useSession();
  const converted = expense.currency !== expense.workspaceCurrency;
  return (
    <dl className="details">
      <dt>Amount</dt>
      <dd>
        <Money minor={expense.amountMinor} currency={expense.currency} />
      </dd>
      {converted ? (
        <>
          <dt>In {expense.workspaceCurrency}</dt>
          <dd>
            <Money minor={expense.convertedMinor} currency={expense.workspaceCurrency} />{' '}
            <span className="muted">
              at 1 {expense.currency} = {expense.exchangeRate} {expense.workspaceCurrency}
            </span>
          </dd>
        </>
      ) : null}
      <dt>Date</dt>
      <dd>{formatDate(expense.date, preferences.dateFormat)}</dd>
      <dt>Category</dt>
      <dd>{expense.category}</dd>
      <dt>Owner</dt>
      <dd>{expense.owner.name}</dd>
      <dt>Description</dt>
      <dd>{expense.description || <span className="muted">No description</span>}</dd>
      <dt>Report</dt>
      <dd>
        {expense.reportId ? (
          <>
            <Link to={`/workspaces/${expense.workspaceId}/reports/${expense.reportId}`}>
              {expense.reportTitle}
            </Link>{' '}
            <StatusBadge status={expense.reportStatus} />
          </>
        ) : (
          <StatusBadge status={null} />
        )}
      </dd>
      <dt>Receipt</dt>
      <dd>
        {expense.receipt ? (
          <a href={expense.receipt.url} target="_blank" rel="noreferrer">
            {expense.receipt.fileName} ({formatBytes(expense.receipt.sizeBytes)})
          </a>
        ) : (
          <span className="muted">No receipt</span>
        )}
      </dd>
      <dt>Last updated</dt>
      <dd>{formatDateTime(expense.updatedAt, preferences.dateFormat)}</dd>
    </dl>
  );
}

export function ExpenseDetailPage() {
  const workspace = useWorkspace();
  const { expenseId } = useParams();
  const { preferences, today } = useSession();
  const categories = useCategories(workspace.id);
  const navigate = useNavigate();
  const { notify } = useToast();
  const expense = useAsync(() => getExpense(Number(expenseId)), [expenseId]);
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | undefined>();
  useDocumentTitle(expense.data?.merchant ?? 'Expense');

  if (expense.status === 'error' && !expense.data) {
    return (
      <section className="page">
        <h1>Expense</h1>
        <ErrorBanner message={errorMessage(expense.error)} />
        <Link to={`/workspaces/${workspace.id}/expenses`}>Back to expenses</Link>
      </section>
    );
  }
  if (!expense.data) return <Spinner label="Loading expense…" />;
  const data = expense.data;

  async function remove() {
    setDeleting(true);
    setDeleteError(undefined);
    try {
      await deleteExpense(data.id);
      notify(`Expense at ${data.merchant} deleted`);
      navigate(`/workspaces/${workspace.id}/expenses`);
    } catch (error) {
      setDeleteError(errorMessage(error));
      setConfirmDelete(false);
    } finally {
      setDeleting(false);
    }
  }

  return (
    <section className="page page-narrow">
      <p className="breadcrumb">
        <Link to={`/workspaces/${workspace.id}/expenses`}>Expenses</Link> / {data.merchant}
      </p>
      <div className="page-header">
        <h1>{editing ? `Edit expense at ${data.merchant}` : data.merchant}</h1>
        {data.editable && !editing ? (
          <div className="button-row">
            <button type="button" className="button" onClick={() => setEditing(true)}>
              Edit
            </button>
            <button
              type="button"
              className="button button-danger"
              onClick={() => setConfirmDelete(true)}
            >
              Delete
            </button>
          </div>
        ) : null}
      </div>
      {deleteError ? <ErrorBanner message={deleteError} /> : null}
      {data.policyViolations.length > 0 ? (
        <WarningBanner>
          <strong>Policy issues:</strong>
          <ul>
            {data.policyViolations.map((v) => (
              <li key={v}>{v}</li>
            ))}
          </ul>
        </WarningBanner>
      ) : null}
      {!data.editable && data.reportStatus ? (
        <p className="muted">
          This expense is on a report that is {data.reportStatus} and cannot be changed.
        </p>
      ) : null}
      {editing ? (
        <ExpenseForm
          workspace={workspace}
          categories={categories}
          today={today}
          defaultCurrency={preferences.defaultCurrency}
          initial={data}
          submitLabel="Save changes"
          onCancel={() => setEditing(false)}
          onSubmit={async (input) => {
            const updated = await updateExpense(data.id, input);
            expense.setData(updated);
            setEditing(false);
            notify('Expense updated');
          }}
        />
      ) : (
        <ExpenseSummary expense={data} />
      )}
      <ConfirmDialog
        open={confirmDelete}
        title="Delete this expense?"
        confirmLabel="Delete expense"
        tone="danger"
        busy={deleting}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => void remove()}
      >
        <p>The expense at {data.merchant} will be removed permanently.</p>
      </ConfirmDialog>
    </section>
  );
}
