// Runs in the renderer. A status as a coloured pill; the colour follows the tone, the word is
// always there too (colour alone never carries the meaning).
import { statusLabel, type Tone } from './tenant-view';

export function StatusBadge({
  status,
  tone,
  testId,
}: {
  status: string;
  tone: Tone;
  testId?: string;
}) {
  return (
    <span className={`tn-badge tn-badge-${tone}`} data-testid={testId} data-status={status}>
      {statusLabel(status)}
    </span>
  );
}
