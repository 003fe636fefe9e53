// Runs in the renderer. A form's card that folds to its title once what the form started is on
// screen (a run, a plan), so the result beside it, and the section below, have the view; Show
// form brings it back as it was left (the form stays mounted while folded). The result brings
// itself into view.
import { type ReactNode, useEffect, useId, useState } from 'react';

export function FoldingCard({
  title,
  titleId,
  foldWhen,
  children,
}: {
  title: string;
  titleId: string;
  /** Registers a callback the caller runs when the card should fold; returns the unsubscribe. */
  foldWhen: (fold: () => void) => () => void;
  children: ReactNode;
}) {
  const [folded, setFolded] = useState(false);
  const bodyId = useId();
  useEffect(() => foldWhen(() => setFolded(true)), [foldWhen]);
  return (
    <section className="bench-card" aria-labelledby={titleId} data-folded={folded}>
      <div className="bench-card-head">
        <h2 id={titleId}>{title}</h2>
        <button
          type="button"
          className="btn btn-sm btn-ghost"
          aria-expanded={!folded}
          aria-controls={bodyId}
          onClick={() => setFolded(!folded)}
        >
          {folded ? 'Show form' : 'Hide form'}
        </button>
      </div>
      <div id={bodyId} hidden={folded}>
        {children}
      </div>
    </section>
  );
}
