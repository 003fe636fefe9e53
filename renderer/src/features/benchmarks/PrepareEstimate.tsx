// Runs in the renderer. What the prepare phase will load (rows, size, time), and past about 1 GB
// the confirmation the server asks for (confirm_large_prepare) before Start is allowed.
import {
  LARGE_PREPARE_BYTES,
  type PrepareEstimate as Estimate,
  roughBytes,
  roughDuration,
} from '../../../../shared/model/benchmark-data';
import { countOf } from '../../components/figure-format';

export const needsConfirm = (e: Estimate | null): boolean =>
  e !== null && e.bytes > LARGE_PREPARE_BYTES;

export function PrepareEstimate({
  id,
  estimate,
  confirmed,
  onConfirm,
}: {
  id: string;
  estimate: Estimate | null;
  confirmed: boolean;
  onConfirm: (confirmed: boolean) => void;
}) {
  if (!estimate || estimate.rows === 0) return null;
  const text =
    `Prepares ${countOf(estimate.rows, 'row')}, about ${roughBytes(estimate.bytes)} on the server, ` +
    `in ${roughDuration(estimate.seconds)} (nothing is loaded when the same tables are already there).`;
  if (!needsConfirm(estimate))
    return (
      <p className="span-2 field-hint" data-testid="prepare-estimate">
        {text}
      </p>
    );
  return (
    <div className="span-2 bench-confirm" data-testid="prepare-estimate">
      <p className="field-hint">{text}</p>
      <label className="check">
        <input
          id={`${id}-large`}
          type="checkbox"
          checked={confirmed}
          onChange={(e) => onConfirm(e.target.checked)}
        />
        Load about {roughBytes(estimate.bytes)} into the server
      </label>
    </div>
  );
}
