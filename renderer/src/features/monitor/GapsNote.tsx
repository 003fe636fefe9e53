// Runs in the renderer. Under a host chart: the stretches without samples, in words (the chart
// shades them; this says when they were).
import type { Gap } from './gaps';

export function GapsNote({
  gaps,
  tick,
  testId,
}: {
  gaps: readonly Gap[];
  tick: (t: number) => string;
  testId: string | undefined;
}) {
  if (gaps.length === 0) return null;
  return (
    <p className="monitor-gaps" data-testid={testId ? `${testId}-gaps` : undefined}>
      No samples{' '}
      {gaps
        .slice(0, 3)
        .map((g) => `from ${tick(g.from)} to ${tick(g.to)}`)
        .join(', ')}
      {gaps.length > 3 ? ` and ${gaps.length - 3} more times` : ''}.
    </p>
  );
}
