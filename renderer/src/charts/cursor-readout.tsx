// Runs in the renderer. The canvas chart's crosshair readout: the values at the point under the
// cursor (pointer or arrow keys), drawn beside the crosshair and announced in a live region, and
// the key rule that moves the cursor over the drawn points.
import { createPortal } from 'react-dom';
import type uPlot from 'uplot';
import { axisDayTime } from '../components/figure-format';

export interface Read {
  x: number;
  /** "12 s" or a clock time. */
  at: string;
  values: { key: string; label: string; color: string; text: string }[];
}

/** The values uPlot holds at data index `idx`, in the chart's own formats. */
export function readout(
  data: uPlot.AlignedData,
  idx: number,
  series: readonly { key: string; label: string; color: string }[],
  format: (v: number) => string,
  formatX: ((x: number) => string) | undefined,
): Read | null {
  const x = data[0]?.[idx];
  if (typeof x !== 'number') return null;
  return {
    x,
    at: formatX ? formatX(x) : axisDayTime(x),
    values: series.map((s, i) => {
      const y = data[i + 1]?.[idx];
      return { ...s, text: typeof y === 'number' ? format(y) : 'no data' };
    }),
  };
}

const BIG_STEP = 0.1;

/**
 * Where a key moves the cursor: ←/→ to the next point at least a pixel away (every point where
 * they are sparse, every pixel column where they are dense), Shift for a tenth of the plot,
 * Home/End to the ends; null for keys it does not use. No cursor yet: it starts at the end.
 */
export function nextIndex(
  xs: ArrayLike<number>,
  from: number | null,
  key: string,
  shift: boolean,
  pos: (x: number) => number,
  width: number,
): number | null {
  const n = xs.length;
  if (n === 0) return null;
  if (key === 'Home') return 0;
  if (key === 'End') return n - 1;
  const dir = key === 'ArrowRight' ? 1 : key === 'ArrowLeft' ? -1 : 0;
  if (dir === 0) return null;
  if (from === null) return dir > 0 ? 0 : n - 1;
  const step = shift ? Math.max(1, width * BIG_STEP) : 1;
  const target = pos(xs[from]!) + dir * step;
  let i = from;
  while (i + dir >= 0 && i + dir < n) {
    i += dir;
    if (dir * (pos(xs[i]!) - target) >= 0) break;
  }
  return i;
}

interface Props {
  read: Read | null;
  /** The crosshair's position in the plot, CSS pixels. */
  left: number;
  width: number;
  testId: string | undefined;
  /** uPlot's overlay over the plot area: the visible readout is placed in it. */
  overlay: HTMLElement | null;
}

const line = (r: Read) => `${r.at}: ${r.values.map((v) => `${v.label} ${v.text}`).join(', ')}`;

export function CursorReadout({ read, left, width, testId, overlay }: Props) {
  // Beside the crosshair, on the side with room.
  const flip = left > width / 2;
  return (
    <>
      <p className="visually-hidden" aria-live="polite" data-testid={testId}>
        {read ? line(read) : ''}
      </p>
      {read &&
        overlay &&
        createPortal(
          <div
            className="uplot-readout"
            aria-hidden="true"
            style={flip ? { right: width - left + 8 } : { left: left + 8 }}
          >
            <div className="uplot-readout-at">{read.at}</div>
            {read.values.map((v) => (
              <div key={v.key}>
                <span className="uplot-legend-swatch" style={{ background: v.color }} />
                {v.label} <strong>{v.text}</strong>
              </div>
            ))}
          </div>,
          overlay,
        )}
    </>
  );
}
