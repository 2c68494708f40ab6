import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { ReportDetailDto } from '../../shared/api-types.ts';
import { formatMoney } from '../../shared/money.ts';
import { deleteReport, getReport, removeExpenseFromReport, renameReport } from '../api/reports.ts';
import { AddExpensesPanel } from '../components/AddExpensesPanel.tsx';
import { CommentThread } from '../components/CommentThread.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ExpenseTable } from '../components/ExpenseTable.tsx';
import { ErrorBanner, Spinner, WarningBanner } from '../components/Feedback.tsx';
import { TextField } from '../components/Field.tsx';
import { ReportActions } from '../components/ReportActions.tsx';
import { ReportHistory } from '../components/ReportHistory.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { useAsync } from '../hooks/useAsync.ts';
import { useDocumentTitle } from '../hooks/useDocumentTitle.ts';
import { useSession } from '../hooks/useSession.tsx';
import { useToast } from '../hooks/useToast.tsx';
import { useWorkspace } from '../hooks/useWorkspace.ts';
import { errorMessage, fieldErrors } from '../utils/errors.ts';
import { formatDate, formatDateTime, pluralize } from '../utils/format.ts';

function RenameForm({
  report,
  onDone,
}: {
  report: ReportDetailDto;
  onDone(next?: ReportDetailDto): void;
}) {
  const [title, setTitle] = useState(report.title);
  const [error, setError] = useState<string | undefined>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      onDone(await renameReport(report.id, title));
    } catch (err) {
      setError(fieldErrors(err).title ?? errorMessage(err));
    }
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Rename report">
      <TextField
        label="Report title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        error={error}
      />
      <button type="submit" className="button button-primary">
        Save title
      </button>
      <button type="button" className="button" onClick={() => onDone()}>
        Cancel
      </button>
    </form>
  );
}

export function ReportDetailPage() {
  const workspace = useWorkspace();
  const { reportId } = useParams();
  const { preferences } = useSession();
  const { notify } = useToast();
  const navigate = useNavigate();
  const report = useAsync(() => getReport(Number(reportId)), [reportId]);
  const [renaming, setRenaming] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [actionError, setActionError] = useState<string | undefined>();
  useDocumentTitle(report.data?.title ?? 'Report');

  if (report.status === 'error' && !report.data) {
    return (
      <section className="page">
        <h1>Report</h1>
        <ErrorBanner message={errorMessage(report.error)} />
        <Link to={`/workspaces/${workspace.id}/reports`}>Back to reports</Link>
      </section>
    );
  }
  if (!report.data) return <Spinner label="Loading report…" />;
  const data = report.data;
  const editable = data.allowedActions.includes('edit');

  async function removeExpense(expenseId: number) {
    setActionError(undefined);
    try {
      report.setData(await removeExpenseFromReport(data.id, expenseId));
      notify('Expense removed from the report');
    } catch (err) {
      setActionError(errorMessage(err));
    }
  }

  async function remove() {
    try {
      await deleteReport(data.id);
      notify(`Report “${data.title}” deleted`);
      navigate(`/workspaces/${workspace.id}/reports`);
    } catch (err) {
      setConfirmDelete(false);
      setActionError(errorMessage(err));
    }
  }

  return (
    <section className="page">
      <p className="breadcrumb">
        <Link to={`/workspaces/${workspace.id}/reports`}>Reports</Link> / {data.title}
      </p>
      <div className="page-header">
        {renaming ? (
          <RenameForm
            report={data}
            onDone={(next) => {
              if (next) {
                report.setData(next);
                notify('Report renamed');
              }
              setRenaming(false);
            }}
          />
        ) : (
          <h1>
            {data.title} <StatusBadge status={data.status} />
          </h1>
        )}
        {editable && !renaming ? (
          <div className="button-row">
            <button type="button" className="button" onClick={() => setRenaming(true)}>
              Rename
            </button>
            <button
              type="button"
              className="button button-danger"
              onClick={() => setConfirmDelete(true)}
            >
              Delete report
            </button>
          </div>
        ) : null}
      </div>
      <dl className="details details-inline">
        <dt>Owner</dt>
        <dd>{data.owner.name}</dd>
        <dt>Total</dt>
        <dd>
          <strong data-testid="report-total">{formatMoney(data.totalMinor, data.currency)}</strong>{' '}
          ({pluralize(data.expenseCount, 'expense')})
        </dd>
        <dt>Submitted</dt>
        <dd>{formatDate(data.submittedAt, preferences.dateFormat)}</dd>
        {data.decidedBy ? (
          <>
            <dt>{data.status === 'rejected' ? 'Rejected by' : 'Approved by'}</dt>
            <dd>
              {data.decidedBy.name} on {formatDate(data.decidedAt, preferences.dateFormat)}
            </dd>
          </>
        ) : null}
      </dl>
      {data.status === 'rejected' && data.rejectionReason ? (
        <WarningBanner>
          <strong>Rejected:</strong> {data.rejectionReason}
        </WarningBanner>
      ) : null}
      {data.reimbursement ? (
        <div className="banner banner-success" role="note">
          Reimbursed {formatMoney(data.reimbursement.amountMinor, data.reimbursement.currency)} to{' '}
          {data.reimbursement.bankName} ••••{data.reimbursement.accountLast4} on{' '}
          {formatDateTime(data.reimbursement.createdAt, preferences.dateFormat)} (reference{' '}
          {data.reimbursement.reference})
        </div>
      ) : null}
      {actionError ? <ErrorBanner message={actionError} /> : null}
      <ReportActions report={data} onChange={report.setData} />
      <section className="card" aria-labelledby="report-expenses-heading">
        <h2 id="report-expenses-heading">Expenses</h2>
        {data.expenses.length === 0 ? (
          <p className="muted">This report has no expenses yet.</p>
        ) : (
          <ExpenseTable
            expenses={data.expenses}
            dateFormat={preferences.dateFormat}
            caption="Expenses on this report"
            renderActions={
              editable
                ? (expense) => (
                    <button
                      type="button"
                      className="link-button"
                      aria-label={`Remove ${expense.merchant} from report`}
                      onClick={() => void removeExpense(expense.id)}
                    >
                      Remove
                    </button>
                  )
                : undefined
            }
          />
        )}
        {editable ? <AddExpensesPanel report={data} onAdded={report.setData} /> : null}
      </section>
      <div className="two-columns">
        <CommentThread
          reportId={data.id}
          comments={data.comments}
          dateFormat={preferences.dateFormat}
          onAdded={(comment) => report.setData({ ...data, comments: [...data.comments, comment] })}
        />
        <ReportHistory history={data.history} dateFormat={preferences.dateFormat} />
      </div>
      <ConfirmDialog
        open={confirmDelete}
        title="Delete this report?"
        confirmLabel="Delete report"
        tone="danger"
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => void remove()}
      >
        <p>Its expenses stay in your expense list as unreported.</p>
      </ConfirmDialog>
    </section>
  );
}
