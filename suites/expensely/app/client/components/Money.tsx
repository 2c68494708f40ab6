import { formatMoney } from '../../shared/money.ts';

/** An amount, with the original currency shown when it was converted. */
export function Money({
  minor,
  currency,
  originalMinor,
  originalCurrency,
}: {
  minor: number;
  currency: string;
  originalMinor?: number;
  originalCurrency?: string;
}) {
  const converted =
    originalCurrency !== undefined && originalCurrency !== currency && originalMinor !== undefined;
  return (
    <span className="money">
      {formatMoney(minor, currency)}
      {converted ? (
        <span className="money-original"> ({formatMoney(originalMinor, originalCurrency)})</span>
      ) : null}
    </span>
  );
}
