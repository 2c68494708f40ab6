import type { ExpenseDto, ExpenseListDto, ReceiptDto } from '../../shared/api-types.ts';
import { del, get, patch, post, upload } from './http.ts';

export interface ExpenseInput {
  merchant: string;
  amountMinor: number;
  currency: string;
  category: string;
  date: string;
  description: string;
  receiptId: number | null;
}

export function listExpenses(workspaceId: number, query: URLSearchParams): Promise<ExpenseListDto> {
  const qs = query.toString();
  return get<ExpenseListDto>(`/api/workspaces/${workspaceId}/expenses${qs ? `?${qs}` : ''}`);
}

export function getExpense(expenseId: number): Promise<ExpenseDto> {
  return get<ExpenseDto>(`/api/expenses/${expenseId}`);
}

export function createExpense(workspaceId: number, input: ExpenseInput): Promise<ExpenseDto> {
  return post<ExpenseDto>(`/api/workspaces/${workspaceId}/expenses`, input);
}

export function updateExpense(
  expenseId: number,
  input: Partial<ExpenseInput>,
): Promise<ExpenseDto> {
  return patch<ExpenseDto>(`/api/expenses/${expenseId}`, input);
}

export function deleteExpense(expenseId: number): Promise<void> {
  return del<void>(`/api/expenses/${expenseId}`);
}

export function uploadReceipt(file: File): Promise<ReceiptDto> {
  return upload<ReceiptDto>('/api/receipts', file);
}

export function expensesCsvUrl(workspaceId: number, query: URLSearchParams): string {
  const params = new URLSearchParams(query);
  params.delete('page');
  params.delete('pageSize');
  const qs = params.toString();
  return `/api/workspaces/${workspaceId}/exports/expenses.csv${qs ? `?${qs}` : ''}`;
}
