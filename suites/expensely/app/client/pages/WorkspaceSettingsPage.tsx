import { type FormEvent, useState } from 'react';
import type { WorkspaceDto } from '../../shared/api-types.ts';
import { CURRENCIES } from '../../shared/currencies.ts';
import { parseAmount, toDecimalString } from '../../shared/money.ts';
import {
  addCategory,
  listCategories,
  setCategoryEnabled,
  updateWorkspace,
} from '../api/workspaces.ts';
import { ErrorBanner, Spinner } from '../components/Feedback.tsx';
import { SelectField, TextField } from '../components/Field.tsx';
import { useAsync } from '../hooks/useAsync.ts';
import { useDocumentTitle } from '../hooks/useDocumentTitle.ts';
import { useSession } from '../hooks/useSession.tsx';
import { useToast } from '../hooks/useToast.tsx';
import { useWorkspace } from '../hooks/useWorkspace.ts';
import { errorMessage, fieldErrors } from '../utils/errors.ts';

function optionalAmount(text: string, currency: string): { minor: number | null; error?: string } {
  if (text.trim() === '') return { minor: null };
  const parsed = parseAmount(text, currency);
  return parsed.ok ? { minor: parsed.minor } : { minor: null, error: parsed.error };
}

function PolicyForm({ workspace }: { workspace: WorkspaceDto }) {
  const { refresh } = useSession();
  const { notify } = useToast();
  const [name, setName] = useState(workspace.name);
  const [currency, setCurrency] = useState(workspace.currency);
  const [maxExpense, setMaxExpense] = useState(
    workspace.maxExpenseMinor === null
      ? ''
      : toDecimalString(workspace.maxExpenseMinor, workspace.currency),
  );
  const [receiptOver, setReceiptOver] = useState(
    workspace.receiptRequiredOverMinor === null
      ? ''
      : toDecimalString(workspace.receiptRequiredOverMinor, workspace.currency),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const max = optionalAmount(maxExpense, currency);
    const receipt = optionalAmount(receiptOver, currency);
    const problems: Record<string, string> = {};
    if (max.error) problems.maxExpense = max.error;
    if (receipt.error) problems.receiptRequiredOver = receipt.error;
    setErrors(problems);
    setError(undefined);
    if (Object.keys(problems).length > 0) return;
    setSaving(true);
    try {
      await updateWorkspace(workspace.id, {
        name,
        currency,
        maxExpenseMinor: max.minor,
        receiptRequiredOverMinor: receipt.minor,
      });
      await refresh();
      notify('Workspace settings saved');
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="card form" onSubmit={submit} aria-label="Workspace settings" noValidate>
      <h2>General</h2>
      {error ? <ErrorBanner message={error} /> : null}
      <TextField
        label="Workspace name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.name}
      />
      <SelectField
        label="Workspace currency"
        value={currency}
        onChange={(e) => setCurrency(e.target.value)}
        error={errors.currency}
        hint="Reports and totals use this currency"
        options={CURRENCIES.map((c) => ({ value: c.code, label: `${c.code} – ${c.name}` }))}
      />
      <h2>Policy</h2>
      <TextField
        label="Maximum amount per expense"
        inputMode="decimal"
        value={maxExpense}
        onChange={(e) => setMaxExpense(e.target.value)}
        error={errors.maxExpense}
        hint="Leave empty for no limit"
      />
      <TextField
        label="Require a receipt over"
        inputMode="decimal"
        value={receiptOver}
        onChange={(e) => setReceiptOver(e.target.value)}
        error={errors.receiptRequiredOver}
        hint="Leave empty to never require receipts"
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}

function CategoriesCard({ workspaceId }: { workspaceId: number }) {
  const categories = useAsync(() => listCategories(workspaceId), [workspaceId]);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const { notify } = useToast();

  async function add(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      const created = await addCategory(workspaceId, name);
      setName('');
      await categories.reload();
      notify(`Category “${created.name}” added`);
    } catch (err) {
      setError(fieldErrors(err).name ?? errorMessage(err));
    }
  }

  async function toggle(id: number, enabled: boolean) {
    setError(undefined);
    try {
      categories.setData(await setCategoryEnabled(workspaceId, id, enabled));
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <section className="card" aria-labelledby="categories-heading">
      <h2 id="categories-heading">Categories</h2>
      {!categories.data ? <Spinner label="Loading categories…" /> : null}
      <ul className="checklist">
        {(categories.data ?? []).map((category) => (
          <li key={category.id}>
            <label>
              <input
                type="checkbox"
                checked={category.enabled}
                onChange={(e) => void toggle(category.id, e.target.checked)}
              />{' '}
              {category.name} <span className="muted">({category.expenseCount} expenses)</span>
            </label>
          </li>
        ))}
      </ul>
      <form className="inline-form" onSubmit={add} aria-label="Add a category" noValidate>
        <TextField
          label="New category"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={error}
        />
        <button type="submit" className="button">
          Add category
        </button>
      </form>
    </section>
  );
}

export function WorkspaceSettingsPage() {
  useDocumentTitle('Workspace settings');
  const workspace = useWorkspace();
  return (
    <section className="page page-narrow">
      <h1>Workspace settings</h1>
      <PolicyForm key={workspace.id} workspace={workspace} />
      <CategoriesCard workspaceId={workspace.id} />
    </section>
  );
}
