import { pageWindow, rangeLabel } from '../utils/pagination.ts';

interface PaginationProps {
  page: number;
  totalPages: number;
  pageSize: number;
  total: number;
  onChange(page: number): void;
  label?: string;
}

export function Pagination({
  page,
  totalPages,
  pageSize,
  total,
  onChange,
  label = 'Pagination',
}: PaginationProps) {
  return (
    <nav className="pagination" aria-label={label}>
      <span className="pagination-range">{rangeLabel(page, pageSize, total)}</span>
      {totalPages > 1 ? (
        <div className="pagination-pages">
          <button
            type="button"
            className="button button-small"
            disabled={page <= 1}
            onClick={() => onChange(page - 1)}
          >
            Previous
          </button>
          {pageWindow(page, totalPages).map((p, index) =>
            p === null ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: gaps have no identity of their own
              <span key={`gap-${index}`} className="pagination-gap" aria-hidden="true">
                …
              </span>
            ) : (
              <button
                key={p}
                type="button"
                className={`button button-small${p === page ? ' button-current' : ''}`}
                aria-current={p === page ? 'page' : undefined}
                aria-label={`Page ${p}`}
                onClick={() => onChange(p)}
              >
                {p}
              </button>
            ),
          )}
          <button
            type="button"
            className="button button-small"
            disabled={page >= totalPages}
            onClick={() => onChange(page + 1)}
          >
            Next
          </button>
        </div>
      ) : null}
    </nav>
  );
}
