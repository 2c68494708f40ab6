import { Link } from 'react-router';
import type { ExpenseDto } from '../../shared/api-types.ts';
import type { DateFormat } from '../../shared/dates.ts';
import { formatDate } from '../utils/format.ts';
import { PaperclipIcon, WarningIcon } from './Icons.tsx';
import { Money } from './Money.tsx';
import { StatusBadge } from './StatusBadge.tsx';

interface ExpenseTableProps {
  expenses: ExpenseDto[];
  dateFormat: DateFormat;
  showOwner?: boolean;
  caption: string;
  /** When given, rows get a checkbox and the selection is reported back. */
  selection?: {
    selected: Set<number>;
    onToggle(id: number): void;
    isSelectable(e: ExpenseDto): boolean;
  };
  renderActions?(expense: ExpenseDto): React.ReactNode;
}

export function ExpenseTable({
  expenses,
  dateFormat,
  showOwner,
  caption,
  selection,
  renderActions,
}: ExpenseTableProps) {
  return (
    <table className="table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {selection ? (
            <th scope="col">
              <span className="visually-hidden">Select</span>
            </th>
          ) : null}
          <th scope="col">Date</th>
          <th scope="col">Merchant</th>
          {showOwner ? <th scope="col">Owner</th> : null}
          <th scope="col">Category</th>
          <th scope="col" className="numeric">
            Amount
          </th>
          <th scope="col">Status</th>
          {renderActions ? (
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {expenses.map((expense) => (
          <tr key={expense.id}>
            {selection ? (
              <td>
                <input
                  type="checkbox"
                  aria-label={`Select ${expense.merchant}`}
                  checked={selection.selected.has(expense.id)}
                  disabled={!selection.isSelectable(expense)}
                  onChange={() => selection.onToggle(expense.id)}
                />
              </td>
            ) : null}
            <td>{formatDate(expense.date, dateFormat)}</td>
            <td>
              <Link to={`/workspaces/${expense.workspaceId}/expenses/${expense.id}`}>
                {expense.merchant}
              </Link>
              {expense.receipt ? (
                <span className="row-icon">
                  <PaperclipIcon label="Receipt attached" />
                </span>
              ) : null}
              {expense.policyViolations.length > 0 ? (
                <span className="row-icon policy-flag">
                  <WarningIcon label={expense.policyViolations.join('. ')} />
                </span>
              ) : null}
            </td>
            {showOwner ? <td>{expense.owner.name}</td> : null}
            <td>{expense.category}</td>
            <td className="numeric">
              <Money
                minor={expense.convertedMinor}
                currency={expense.workspaceCurrency}
                originalMinor={expense.amountMinor}
                originalCurrency={expense.currency}
              />
            </td>
            <td>
              <StatusBadge status={expense.reportStatus} />
            </td>
            {renderActions ? <td>{renderActions(expense)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
