/** The status a hook reports, as a coloured badge in a polite live region (a screen reader hears the changes). */
export function StatusBadge({ status, label = 'Status' }: { status: string; label?: string }) {
  return (
    <p className="status" role="status" aria-live="polite">
      <span className="status__label">{label}: </span>
      <span className="badge" data-status={status}>
        {status}
      </span>
    </p>
  );
}
