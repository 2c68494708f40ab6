/** Inline icons: no icon font or emoji, so they render the same in every browser. */

export function PaperclipIcon({ label }: { label: string }) {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="14" height="14" role="img" aria-label={label}>
      <title>{label}</title>
      <path
        d="M10.5 4.5 5.6 9.4a1.2 1.2 0 0 0 1.7 1.7l5-5a2.6 2.6 0 0 0-3.6-3.6l-5 5a4 4 0 0 0 5.6 5.6l4.2-4.2"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinecap="round"
      />
    </svg>
  );
}

export function WarningIcon({ label }: { label: string }) {
  return (
    <svg
      className="icon icon-warning"
      viewBox="0 0 16 16"
      width="14"
      height="14"
      role="img"
      aria-label={label}
    >
      <title>{label}</title>
      <path d="M8 1.5 15 14H1z" fill="currentColor" />
      <path d="M8 6v4M8 11.5v.5" stroke="#fff" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}
