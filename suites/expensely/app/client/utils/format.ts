import { type DateFormat, formatIsoDate } from '../../shared/dates.ts';
import { formatMoney } from '../../shared/money.ts';

export { formatMoney };

export function formatDate(iso: string | null | undefined, format: DateFormat): string {
  if (!iso) return '—';
  return formatIsoDate(iso, format);
}

/** A timestamp as date plus hh:mm in UTC, so that every viewer sees the same text. */
export function formatDateTime(iso: string, format: DateFormat): string {
  return `${formatIsoDate(iso, format)} ${iso.slice(11, 16)} UTC`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** "Alice Nguyen" → "AN", for avatars. */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}
