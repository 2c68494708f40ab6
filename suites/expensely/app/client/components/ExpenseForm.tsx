import { type FormEvent, useState } from 'react';
import type { CategoryDto, ExpenseDto, ReceiptDto, WorkspaceDto } from '../../shared/api-types.ts';
import { CURRENCIES } from '../../shared/currencies.ts';
import { convertMinor, formatMoney, parseAmount, toDecimalString } from '../../shared/money.ts';
import { type FieldErrors, validateExpense } from '../../shared/validation.ts';
import type { ExpenseInput } from '../api/expenses.ts';
import { errorMessage, fieldErrors } from '../utils/errors.ts';
import { ErrorBanner } from './Feedback.tsx';
import { SelectField, TextAreaField, TextField } from './Field.tsx';
import { ReceiptUpload } from './ReceiptUpload.tsx';

interface ExpenseFormProps {
  workspace: WorkspaceDto;
  categories: CategoryDto[];
  today: string;
  defaultCurrency: string;
  initial?: ExpenseDto;
  submitLabel: string;
  onSubmit(input: ExpenseInput): Promise<void>;
  onCancel(): void;
}

export function ExpenseForm({
  workspace,
  categories,
  today,
  defaultCurrency,
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: ExpenseFormProps) {
  const [merchant, setMerchant] = useState(initial?.merchant ?? '');
  const [currency, setCurrency] = useState(initial?.currency ?? defaultCurrency);
  const [amount, setAmount] = useState(
    initial ? toDecimalString(initial.amountMinor, initial.currency) : '',
  );
  const [category, setCategory] = useState(initial?.category ?? '');
  const [date, setDate] = useState(initial?.date ?? today);
  const [description, setDescription] = useState(initial?.description ?? '');
  const [receipt, setReceipt] = useState<ReceiptDto | null>(initial?.receipt ?? null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  const parsed = parseAmount(amount, currency);
  const preview =
    parsed.ok && currency !== workspace.currency
      ? formatMoney(convertMinor(parsed.minor, currency, workspace.currency), workspace.currency)
      : undefined;

  const categoryOptions = categories
    .filter((c) => c.enabled || c.name === initial?.category)
    .map((c) => ({ value: c.name, label: c.name, disabled: !c.enabled }));

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    setFormError(undefined);
    const amountResult = parseAmount(amount, currency);
    const input: ExpenseInput = {
      merchant,
      amountMinor: amountResult.ok ? amountResult.minor : Number.NaN,
      currency,
      category,
      date,
      description,
      receiptId: receipt?.id ?? null,
    };
    const problems = validateExpense(input, today);
    if (!amountResult.ok) problems.amount = amountResult.error;
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setSaving(true);
    try {
      await onSubmit(input);
    } catch (error) {
      setErrors(fieldErrors(error));
      setFormError(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="form" onSubmit={handleSubmit} noValidate aria-label="Expense">
      {formError ? <ErrorBanner message={formError} /> : null}
      <TextField
        label="Merchant"
        name="merchant"
        value={merchant}
        onChange={(e) => setMerchant(e.target.value)}
        error={errors.merchant}
        autoComplete="off"
      />
      <div className="form-row">
        <TextField
          label="Amount"
          name="amount"
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          error={errors.amount}
          hint={preview ? `≈ ${preview} in ${workspace.currency}` : undefined}
        />
        <SelectField
          label="Currency"
          name="currency"
          value={currency}
          onChange={(e) => setCurrency(e.target.value)}
          error={errors.currency}
          options={CURRENCIES.map((c) => ({ value: c.code, label: `${c.code} – ${c.name}` }))}
        />
      </div>
      <div className="form-row">
        <SelectField
          label="Category"
          name="category"
          value={category}
          onChange={(e) => setCategory(e.target.value)}
          error={errors.category}
          placeholder="Choose a category"
          options={categoryOptions}
        />
        <TextField
          label="Date"
          name="date"
          type="date"
          max={today}
          value={date}
          onChange={(e) => setDate(e.target.value)}
          error={errors.date}
        />
      </div>
      <TextAreaField
        label="Description"
        name="description"
        rows={3}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={errors.description}
      />
      <ReceiptUpload receipt={receipt} onChange={setReceipt} error={errors.receipt} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? 'Saving…' : submitLabel}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
      </div>
    </form>
  );
}
