import { useState } from 'react';
import type { ReportDetailDto } from '../../shared/api-types.ts';
import { formatMoney } from '../../shared/money.ts';
import type { ReportAction } from '../../shared/report-status.ts';
import { transitionReport } from '../api/reports.ts';
import { useToast } from '../hooks/useToast.tsx';
import { errorMessage } from '../utils/errors.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { ErrorBanner } from './Feedback.tsx';
import { TextAreaField } from './Field.tsx';

const LABELS: Record<ReportAction, string> = {
  submit: 'Submit for approval',
  approve: 'Approve',
  reject: 'Reject',
  reopen: 'Reopen as draft',
  reimburse: 'Reimburse',
};

const DONE: Record<ReportAction, string> = {
  submit: 'Report submitted for approval',
  approve: 'Report approved',
  reject: 'Report rejected',
  reopen: 'Report reopened as a draft',
  reimburse: 'Reimbursement sent',
};

interface ReportActionsProps {
  report: ReportDetailDto;
  onChange(report: ReportDetailDto): void;
}

export function ReportActions({ report, onChange }: ReportActionsProps) {
  const { notify } = useToast();
  const [pending, setPending] = useState<ReportAction | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();

  const actions = (['submit', 'approve', 'reject', 'reopen', 'reimburse'] as const).filter((a) =>
    report.allowedActions.includes(a),
  );
  if (actions.length === 0) return null;

  async function run(action: ReportAction) {
    if (action === 'reject' && reason.trim() === '') {
      setReasonError('Tell the submitter why the report is rejected');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const next = await transitionReport(
        report.id,
        action,
        action === 'reject' ? reason : undefined,
      );
      onChange(next);
      notify(DONE[action]);
      setPending(undefined);
      setReason('');
    } catch (err) {
      setError(errorMessage(err));
      setPending(undefined);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="report-actions">
      {error ? <ErrorBanner message={error} /> : null}
      <div className="button-row">
        {actions.map((action) => (
          <button
            key={action}
            type="button"
            className={`button ${action === 'reject' ? 'button-danger' : action === 'reopen' ? '' : 'button-primary'}`}
            disabled={busy}
            onClick={() =>
              action === 'reject' || action === 'reimburse' ? setPending(action) : void run(action)
            }
          >
            {LABELS[action]}
          </button>
        ))}
      </div>
      <ConfirmDialog
        open={pending === 'reject'}
        title="Reject this report?"
        confirmLabel="Reject report"
        tone="danger"
        busy={busy}
        onCancel={() => {
          setPending(undefined);
          setReasonError(undefined);
        }}
        onConfirm={() => void run('reject')}
      >
        <TextAreaField
          label="Reason for rejection"
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={reasonError}
        />
      </ConfirmDialog>
      <ConfirmDialog
        open={pending === 'reimburse'}
        title="Send reimbursement?"
        confirmLabel={`Pay ${formatMoney(report.totalMinor, report.currency)}`}
        busy={busy}
        onCancel={() => setPending(undefined)}
        onConfirm={() => void run('reimburse')}
      >
        <p>
          {report.owner.name} will receive {formatMoney(report.totalMinor, report.currency)} in
          their default bank account.
        </p>
      </ConfirmDialog>
    </div>
  );
}
