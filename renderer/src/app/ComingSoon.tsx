// Runs in the renderer. The honest panel of a screen that is not built yet: it says what the
// screen will do and shows no data at all.
import type { ReactNode } from 'react';
import { ScreenHeader } from './ScreenHeader';

export function ComingSoon(props: {
  title: string;
  arriving: string;
  icon?: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <ScreenHeader title={props.title} />
      <section className="coming-soon" aria-label={`${props.title} (not available yet)`}>
        <div className="coming-soon-icon">{props.icon}</div>
        <h2>{props.arriving} arrive in a coming version</h2>
        <p>{props.children}</p>
      </section>
    </>
  );
}
