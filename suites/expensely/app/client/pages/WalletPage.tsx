import { type FormEvent, useState } from 'react';
import type { BankAccountDto } from '../../shared/api-types.ts';
import { isValidAccountNumber, isValidRoutingNumber } from '../../shared/validation.ts';
import {
  addBankAccount,
  listBankAccounts,
  makeDefaultBankAccount,
  removeBankAccount,
} from '../api/settings.ts';
import { EmptyState, ErrorBanner, Spinner } from '../components/Feedback.tsx';
import { TextField } from '../components/Field.tsx';
import { useAsync } from '../hooks/useAsync.ts';
import { useDocumentTitle } from '../hooks/useDocumentTitle.ts';
import { useToast } from '../hooks/useToast.tsx';
import { errorMessage, fieldErrors } from '../utils/errors.ts';

const EMPTY = { holderName: '', bankName: '', routingNumber: '', accountNumber: '' };

function AddAccountForm({ onAdded }: { onAdded(account: BankAccountDto): void }) {
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | undefined>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (form.holderName.trim() === '') problems.holderName = 'Account holder is required';
    if (form.bankName.trim() === '') problems.bankName = 'Bank name is required';
    if (!isValidRoutingNumber(form.routingNumber.trim()))
      problems.routingNumber = 'Enter a valid 9-digit routing number';
    if (!isValidAccountNumber(form.accountNumber.trim()))
      problems.accountNumber = 'Account numbers have 4 to 17 digits';
    setErrors(problems);
    setError(undefined);
    if (Object.keys(problems).length > 0) return;
    try {
      onAdded(await addBankAccount(form));
      setForm(EMPTY);
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(errorMessage(err));
    }
  }

  const set = (field: keyof typeof EMPTY) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm((current) => ({ ...current, [field]: e.target.value }));

  return (
    <form className="card form" onSubmit={submit} aria-label="Add bank account" noValidate>
      <h2>Add a bank account</h2>
      {error ? <ErrorBanner message={error} /> : null}
      <TextField
        label="Account holder"
        value={form.holderName}
        onChange={set('holderName')}
        error={errors.holderName}
      />
      <TextField
        label="Bank name"
        value={form.bankName}
        onChange={set('bankName')}
        error={errors.bankName}
      />
      <div className="form-row">
        <TextField
          label="Routing number"
          inputMode="numeric"
          value={form.routingNumber}
          onChange={set('routingNumber')}
          error={errors.routingNumber}
        />
        <TextField
          label="Account number"
          inputMode="numeric"
          autoComplete="off"
          value={form.accountNumber}
          onChange={set('accountNumber')}
          error={errors.accountNumber}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          Add account
        </button>
      </div>
    </form>
  );
}

export function WalletPage() {
  useDocumentTitle('Wallet');
  const accounts = useAsync(listBankAccounts, []);
  const { notify } = useToast();
  const [error, setError] = useState<string | undefined>();

  async function act(work: () => Promise<BankAccountDto[]>, message: string) {
    setError(undefined);
    try {
      accounts.setData(await work());
      notify(message);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <section className="page page-narrow">
      <h1>Wallet</h1>
      <p className="muted">Approved reports are reimbursed to your default bank account.</p>
      {error ? <ErrorBanner message={error} /> : null}
      {!accounts.data ? <Spinner label="Loading bank accounts…" /> : null}
      {accounts.data && accounts.data.length === 0 ? (
        <EmptyState title="No bank accounts yet">
          <p>Add one below so that you can be reimbursed.</p>
        </EmptyState>
      ) : null}
      <ul className="accounts">
        {(accounts.data ?? []).map((account) => (
          <li key={account.id} className="card account">
            <div>
              <strong>{account.bankName}</strong> ••••{account.accountLast4}
              {account.isDefault ? <span className="badge badge-approved">Default</span> : null}
              <p className="muted">
                {account.holderName} · routing {account.routingNumber}
              </p>
            </div>
            <div className="button-row">
              {account.isDefault ? null : (
                <button
                  type="button"
                  className="button button-small"
                  onClick={() =>
                    void act(
                      () => makeDefaultBankAccount(account.id),
                      `${account.bankName} is now your default account`,
                    )
                  }
                >
                  Make default<span className="visually-hidden"> {account.bankName}</span>
                </button>
              )}
              <button
                type="button"
                className="button button-small button-danger"
                onClick={() =>
                  void act(
                    () => removeBankAccount(account.id),
                    `${account.bankName} account removed`,
                  )
                }
              >
                Remove<span className="visually-hidden"> {account.bankName}</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
      <AddAccountForm
        onAdded={(account) => {
          void accounts.reload();
          notify(`${account.bankName} ••••${account.accountLast4} added`);
        }}
      />
    </section>
  );
}
