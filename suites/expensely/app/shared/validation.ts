import { isCurrencyCode } from './currencies.ts';
import { isIsoDate } from './dates.ts';

/** Field-level problems, keyed by the field name the UI labels. */
export type FieldErrors = Record<string, string>;

export interface ExpenseDraft {
  merchant: string;
  amountMinor: number;
  currency: string;
  category: string;
  date: string;
  description: string;
}

export const MERCHANT_MAX = 80;
export const DESCRIPTION_MAX = 500;
export const REPORT_TITLE_MAX = 100;
export const COMMENT_MAX = 2000;

/**
 * Rules every expense must satisfy wherever it is entered. Workspace policy (maximum amount,
 * allowed categories) is checked separately by the server, which knows the workspace.
 */
export function validateExpense(draft: ExpenseDraft, today: string): FieldErrors {
  const errors: FieldErrors = {};
  const merchant = draft.merchant.trim();
  if (merchant === '') errors.merchant = 'Merchant is required';
  else if (merchant.length > MERCHANT_MAX) {
    errors.merchant = `Merchant must be at most ${MERCHANT_MAX} characters`;
  }
  if (!Number.isSafeInteger(draft.amountMinor))
    errors.amount = 'Amount must be a whole number of cents';
  else if (draft.amountMinor <= 0) errors.amount = 'Amount must be greater than zero';
  if (!isCurrencyCode(draft.currency)) errors.currency = 'Choose a supported currency';
  if (draft.category.trim() === '') errors.category = 'Category is required';
  if (!isIsoDate(draft.date)) errors.date = 'Date must be a valid date (YYYY-MM-DD)';
  else if (draft.date > today) errors.date = 'Date cannot be in the future';
  if (draft.description.length > DESCRIPTION_MAX) {
    errors.description = `Description must be at most ${DESCRIPTION_MAX} characters`;
  }
  return errors;
}

export function validateReportTitle(title: string): string | undefined {
  const trimmed = title.trim();
  if (trimmed === '') return 'Title is required';
  if (trimmed.length > REPORT_TITLE_MAX) {
    return `Title must be at most ${REPORT_TITLE_MAX} characters`;
  }
  return undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value.trim());
}

export const PASSWORD_MIN = 8;

export function validatePassword(password: string): string | undefined {
  if (password.length < PASSWORD_MIN) return `Password must be at least ${PASSWORD_MIN} characters`;
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    return 'Password must contain a letter and a number';
  }
  return undefined;
}

/** ABA routing numbers carry a weighted checksum (3, 7, 1) over their nine digits. */
export function isValidRoutingNumber(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  const weights = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(value[i]) * (weights[i] ?? 0);
  return sum % 10 === 0;
}

export function isValidAccountNumber(value: string): boolean {
  return /^\d{4,17}$/.test(value);
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}
