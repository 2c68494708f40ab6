import { useId, useState } from 'react';
import type { ReceiptDto } from '../../shared/api-types.ts';
import { uploadReceipt } from '../api/expenses.ts';
import { errorMessage } from '../utils/errors.ts';
import { formatBytes } from '../utils/format.ts';

const ACCEPT = 'image/png,image/jpeg,image/webp,application/pdf';
const MAX_BYTES = 5 * 1024 * 1024;

interface ReceiptUploadProps {
  receipt: ReceiptDto | null;
  onChange(receipt: ReceiptDto | null): void;
  disabled?: boolean;
  error?: string;
}

/** Uploads as soon as a file is chosen; the form then saves only the receipt id. */
export function ReceiptUpload({ receipt, onChange, disabled, error }: ReceiptUploadProps) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();

  async function handleFile(file: File | undefined) {
    if (!file) return;
    setProblem(undefined);
    if (file.size > MAX_BYTES) {
      setProblem('Receipts must be 5 MB or smaller');
      return;
    }
    setBusy(true);
    try {
      onChange(await uploadReceipt(file));
    } catch (err) {
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const shown = problem ?? error;
  return (
    <div className={`field${shown ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>Receipt</label>
      {receipt ? (
        <div className="receipt-chip">
          <a href={receipt.url} target="_blank" rel="noreferrer">
            {receipt.fileName}
          </a>
          <span className="muted"> ({formatBytes(receipt.sizeBytes)})</span>
          {disabled ? null : (
            <button type="button" className="link-button" onClick={() => onChange(null)}>
              Remove receipt
            </button>
          )}
        </div>
      ) : null}
      <input
        id={id}
        type="file"
        accept={ACCEPT}
        disabled={disabled || busy}
        onChange={(event) => void handleFile(event.target.files?.[0])}
      />
      {busy ? (
        <p className="field-hint">Uploading…</p>
      ) : (
        <p className="field-hint">PNG, JPEG, WebP or PDF, up to 5 MB</p>
      )}
      {shown ? (
        <p className="field-error" role="alert">
          {shown}
        </p>
      ) : null}
    </div>
  );
}
