import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { formatMoney } from '../../shared/money.ts';
import { expensesCsvUrl, listExpenses } from '../api/expenses.ts';
import { ExpenseFilters } from '../components/ExpenseFilters.tsx';
import { ExpenseTable } from '../components/ExpenseTable.tsx';
import { EmptyState, ErrorBanner, Spinner } from '../components/Feedback.tsx';
import { Pagination } from '../components/Pagination.tsx';
import { useAsync } from '../hooks/useAsync.ts';
import { useCategories } from '../hooks/useCategories.ts';
import { useDocumentTitle } from '../hooks/useDocumentTitle.ts';
import { useSession } from '../hooks/useSession.tsx';
import { useWorkspace } from '../hooks/useWorkspace.ts';
import { errorMessage } from '../utils/errors.ts';
import {
  activeFilterCount,
  type ExpenseFilterState,
  filtersFromParams,
  filtersToParams,
} from '../utils/expense-filters.ts';
import { pluralize } from '../utils/format.ts';

export function ExpensesPage() {
  useDocumentTitle('Expenses');
  const workspace = useWorkspace();
  const { preferences, user } = useSession();
  const categories = useCategories(workspace.id);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const query = filtersToParams(filters);
  const queryKey = query.toString();
  const list = useAsync(() => listExpenses(workspace.id, query), [workspace.id, queryKey]);
  const [selected, setSelected] = useState<Set<number>>(new Set());

  function applyFilters(next: ExpenseFilterState) {
    setSelected(new Set());
    setParams(filtersToParams(next));
  }

  function toggle(id: number) {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  const data = list.data;
  const showOwner = filters.scope === 'all';

  return (
    <section className="page">
      <div className="page-header">
        <h1>Expenses</h1>
        <div className="button-row">
          <a className="button" href={expensesCsvUrl(workspace.id, query)} download>
            Export CSV
          </a>
          <Link className="button button-primary" to={`/workspaces/${workspace.id}/expenses/new`}>
            New expense
          </Link>
        </div>
      </div>
      <ExpenseFilters
        value={filters}
        categories={categories}
        canViewAll={workspace.can('expenses.viewAll')}
        currency={workspace.currency}
        onChange={applyFilters}
      />
      {list.status === 'error' ? (
        <ErrorBanner message={errorMessage(list.error)} onRetry={() => void list.reload()} />
      ) : null}
      {list.status === 'loading' && !data ? <Spinner label="Loading expenses…" /> : null}
      {data ? (
        <>
          <div className="summary-bar" aria-live="polite">
            <span>
              {pluralize(data.total, 'expense')}
              {activeFilterCount(filters) > 0 ? ' match your filters' : ''}
            </span>
            <span>
              Total:{' '}
              <strong data-testid="expenses-total">
                {formatMoney(data.totalConvertedMinor, data.currency)}
              </strong>
            </span>
          </div>
          {selected.size > 0 ? (
            <div className="selection-bar">
              <span>{pluralize(selected.size, 'expense')} selected</span>
              <button
                type="button"
                className="button button-primary button-small"
                onClick={() =>
                  navigate(
                    `/workspaces/${workspace.id}/reports/new?expenses=${[...selected].join(',')}`,
                  )
                }
              >
                Create report from selected
              </button>
              <button
                type="button"
                className="button button-small"
                onClick={() => setSelected(new Set())}
              >
                Clear selection
              </button>
            </div>
          ) : null}
          {data.items.length === 0 ? (
            <EmptyState title="No expenses found">
              {activeFilterCount(filters) > 0 ? (
                <p>Try removing some filters.</p>
              ) : (
                <p>
                  Record your first expense with{' '}
                  <Link to={`/workspaces/${workspace.id}/expenses/new`}>New expense</Link>.
                </p>
              )}
            </EmptyState>
          ) : (
            <ExpenseTable
              expenses={data.items}
              dateFormat={preferences.dateFormat}
              showOwner={showOwner}
              caption="Expenses"
              selection={{
                selected,
                onToggle: toggle,
                isSelectable: (e) => e.reportId === null && e.owner.id === user.id,
              }}
            />
          )}
          <Pagination
            page={data.page}
            totalPages={data.totalPages}
            pageSize={data.pageSize}
            total={data.total}
            label="Expense pages"
            onChange={(page) => setParams(filtersToParams({ ...filters, page }))}
          />
        </>
      ) : null}
    </section>
  );
}
