// Runs in the renderer. A screen's failed load: what went wrong and a Try again button.
export function RetryNotice({ error, onRetry }: { error: string | null; onRetry: () => void }) {
  return (
    <div className="notice notice-error" role="alert">
      <span>{error}</span>
      <button type="button" className="btn btn-sm" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
