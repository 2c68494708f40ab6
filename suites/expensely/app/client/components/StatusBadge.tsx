import { type ReportStatus, STATUS_LABELS } from '../../shared/report-status.ts';

export function StatusBadge({ status }: { status: ReportStatus | null }) {
  const label = status ? STATUS_LABELS[status] : 'Unreported';
  return <span className={`badge badge-${status ?? 'unreported'}`}>{label}</span>;
}
