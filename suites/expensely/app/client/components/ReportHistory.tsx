import type { ReportHistoryEntryDto } from '../../shared/api-types.ts';
import type { DateFormat } from '../../shared/dates.ts';
import { formatDateTime } from '../utils/format.ts';

const DESCRIPTIONS: Record<string, string> = {
  'report.created': 'created the report',
  'report.renamed': 'renamed the report',
  'report.expenses_added': 'added expenses',
  'report.expense_removed': 'removed an expense',
  'report.submitted': 'submitted the report',
  'report.approved': 'approved the report',
  'report.rejected': 'rejected the report',
  'report.reopened': 'reopened the report',
  'report.reimbursed': 'reimbursed the report',
};

export function describeHistory(entry: ReportHistoryEntryDto): string {
  const who = entry.actor?.name ?? 'Someone';
  const what = DESCRIPTIONS[entry.action] ?? entry.action;
  const reason = typeof entry.details.reason === 'string' ? `: “${entry.details.reason}”` : '';
  return `${who} ${what}${reason}`;
}

export function ReportHistory({
  history,
  dateFormat,
}: {
  history: ReportHistoryEntryDto[];
  dateFormat: DateFormat;
}) {
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <ol className="timeline">
        {history.map((entry) => (
          <li key={entry.id}>
            <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt, dateFormat)}</time>
            <span>{describeHistory(entry)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
