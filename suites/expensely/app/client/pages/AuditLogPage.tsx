import { useSearchParams } from 'react-router';
import { listAudit } from '../api/workspaces.ts';
import { ErrorBanner, Spinner } from '../components/Feedback.tsx';
import { SelectField } from '../components/Field.tsx';
import { Pagination } from '../components/Pagination.tsx';
import { useAsync } from '../hooks/useAsync.ts';
import { useDocumentTitle } from '../hooks/useDocumentTitle.ts';
import { useSession } from '../hooks/useSession.tsx';
import { useWorkspace } from '../hooks/useWorkspace.ts';
import { errorMessage } from '../utils/errors.ts';
import { formatDateTime } from '../utils/format.ts';

const ACTIONS = [
  'expense.created',
  'expense.updated',
  'expense.deleted',
  'report.created',
  'report.submitted',
  'report.approved',
  'report.rejected',
  'report.reopened',
  'report.reimbursed',
  'comment.added',
  'member.added',
  'member.role_changed',
  'member.removed',
  'workspace.updated',
  'category.added',
  'category.enabled',
  'category.disabled',
];

function summarize(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`)
    .join('; ');
}

export function AuditLogPage() {
  useDocumentTitle('Audit log');
  const workspace = useWorkspace();
  const { preferences } = useSession();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const action = params.get('action') ?? '';
  const log = useAsync(() => listAudit(workspace.id, page, action), [workspace.id, page, action]);

  return (
    <section className="page">
      <h1>Audit log</h1>
      <p className="muted">Every change in {workspace.name}, newest first.</p>
      <div className="filters filters-inline">
        <SelectField
          label="Action"
          value={action}
          placeholder="All actions"
          options={ACTIONS.map((a) => ({ value: a, label: a }))}
          onChange={(e) => setParams(e.target.value ? { action: e.target.value } : {})}
        />
      </div>
      {log.status === 'error' ? <ErrorBanner message={errorMessage(log.error)} /> : null}
      {!log.data ? <Spinner label="Loading audit log…" /> : null}
      {log.data ? (
        <>
          <table className="table">
            <caption className="visually-hidden">Audit log</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {log.data.items.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDateTime(entry.createdAt, preferences.dateFormat)}</td>
                  <td>{entry.actor?.name ?? 'System'}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>
                    {entry.entityType} {entry.entityId ?? ''}
                  </td>
                  <td className="wrap">{summarize(entry.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination
            page={log.data.page}
            totalPages={log.data.totalPages}
            pageSize={log.data.pageSize}
            total={log.data.total}
            label="Audit log pages"
            onChange={(p) => setParams({ ...(action ? { action } : {}), page: String(p) })}
          />
        </>
      ) : null}
    </section>
  );
}
