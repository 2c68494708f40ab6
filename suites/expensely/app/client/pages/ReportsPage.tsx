import { type FormEvent, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { REPORT_STATUSES, STATUS_LABELS } from '../../shared/report-status.ts';
import { listReports, reportsCsvUrl } from '../api/reports.ts';
import { EmptyState, ErrorBanner, Spinner } from '../components/Feedback.tsx';
import { SelectField, TextField } from '../components/Field.tsx';
import { Money } from '../components/Money.tsx';
import { Pagination } from '../components/Pagination.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { useAsync } from '../hooks/useAsync.ts';
import { useDocumentTitle } from '../hooks/useDocumentTitle.ts';
import { useSession } from '../hooks/useSession.tsx';
import { useWorkspace } from '../hooks/useWorkspace.ts';
import { errorMessage } from '../utils/errors.ts';
import { formatDate } from '../utils/format.ts';

type Scope = 'mine' | 'to_approve' | 'all';

const TABS: Array<{ scope: Scope; label: string }> = [
  { scope: 'mine', label: 'My reports' },
  { scope: 'to_approve', label: 'To approve' },
  { scope: 'all', label: 'All reports' },
];

export function ReportsPage() {
  useDocumentTitle('Reports');
  const workspace = useWorkspace();
  const { preferences } = useSession();
  const [params, setParams] = useSearchParams();
  const canReview = workspace.can('reports.viewAll');
  const requested = params.get('scope') as Scope | null;
  const scope: Scope =
    requested && canReview && TABS.some((t) => t.scope === requested) ? requested : 'mine';
  const status = params.get('status') ?? '';
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);

  const query = new URLSearchParams({ scope, page: String(page) });
  if (status) query.set('status', status);
  if (q) query.set('q', q);
  const key = query.toString();
  const reports = useAsync(() => listReports(workspace.id, query), [workspace.id, key]);

  function update(changes: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  }

  function submitSearch(event: FormEvent) {
    event.preventDefault();
    update({ q: search.trim() });
  }

  const tabs = canReview ? TABS : TABS.slice(0, 1);

  return (
    <section className="page">
      <div className="page-header">
        <h1>Reports</h1>
        <div className="button-row">
          <a className="button" href={reportsCsvUrl(workspace.id)} download>
            Export CSV
          </a>
          <Link className="button button-primary" to={`/workspaces/${workspace.id}/reports/new`}>
            New report
          </Link>
        </div>
      </div>
      {tabs.length > 1 ? (
        <div className="tabs" role="tablist" aria-label="Report views">
          {tabs.map((tab) => (
            <button
              key={tab.scope}
              type="button"
              role="tab"
              aria-selected={scope === tab.scope}
              className={`tab${scope === tab.scope ? ' tab-active' : ''}`}
              onClick={() => update({ scope: tab.scope === 'mine' ? '' : tab.scope })}
            >
              {tab.label}
            </button>
          ))}
        </div>
      ) : null}
      <search>
        <form
          className="filters filters-inline"
          aria-label="Filter reports"
          onSubmit={submitSearch}
        >
          <TextField
            label="Search reports"
            type="search"
            placeholder="Title or owner"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <SelectField
            label="Report status"
            value={status}
            onChange={(e) => update({ status: e.target.value })}
            placeholder="Any status"
            options={REPORT_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
          />
          <button type="submit" className="button">
            Search
          </button>
        </form>
      </search>
      {reports.status === 'error' ? (
        <ErrorBanner message={errorMessage(reports.error)} onRetry={() => void reports.reload()} />
      ) : null}
      {!reports.data && reports.status === 'loading' ? <Spinner label="Loading reports…" /> : null}
      {reports.data ? (
        reports.data.items.length === 0 ? (
          <EmptyState
            title={
              scope === 'to_approve' ? 'Nothing waiting for your approval' : 'No reports found'
            }
          />
        ) : (
          <>
            <table className="table">
              <caption className="visually-hidden">Reports</caption>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Expenses</th>
                  <th scope="col" className="numeric">
                    Total
                  </th>
                  <th scope="col">Submitted</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {reports.data.items.map((report) => (
                  <tr key={report.id}>
                    <td>
                      <Link to={`/workspaces/${workspace.id}/reports/${report.id}`}>
                        {report.title}
                      </Link>
                    </td>
                    <td>{report.owner.name}</td>
                    <td>{report.expenseCount}</td>
                    <td className="numeric">
                      <Money minor={report.totalMinor} currency={report.currency} />
                    </td>
                    <td>{formatDate(report.submittedAt, preferences.dateFormat)}</td>
                    <td>
                      <StatusBadge status={report.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pagination
              page={reports.data.page}
              totalPages={reports.data.totalPages}
              pageSize={reports.data.pageSize}
              total={reports.data.total}
              label="Report pages"
              onChange={(p) => update({ page: String(p) })}
            />
          </>
        )
      ) : null}
    </section>
  );
}
