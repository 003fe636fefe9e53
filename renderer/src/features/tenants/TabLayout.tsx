// Runs in the renderer. A Tenants tab's two columns: the caller's side (forms, lists) on the left;
// on the right the tab's error, then the open item or, while none is open, what to do.
import type { ReactNode } from 'react';

export function TabLayout({
  side,
  error,
  view,
  empty,
}: {
  side: ReactNode;
  error: string | null;
  /** The open item; null shows `empty`. */
  view: ReactNode;
  empty: string;
}) {
  return (
    <div className="tn-layout">
      {side}
      <div className="tn-stack">
        {error && (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        )}
        {view ?? (
          <section className="tn-card">
            <p className="tn-empty">{empty}</p>
          </section>
        )}
      </div>
    </div>
  );
}
