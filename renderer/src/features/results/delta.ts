// Runs in the renderer. How a figure's change against the baseline reads: the arrow gives the
// direction of the change, the tone (the core's verdict) whether that is good for this metric;
// both are also put in words, so nothing depends on colour alone.
import type { FigureComparison } from '../../../../shared/contract/results';
import { change } from '../../components/figure-format';

export interface DeltaView {
  tone: FigureComparison['verdict'] | 'none';
  /** ▲ the figure went up, ▼ down, = unchanged; empty for the baseline itself. */
  arrow: string;
  /** What the cell shows, e.g. "+12.3 %", or "×20.2" above 1 000 %. */
  text: string;
  /** What a screen reader hears, e.g. "12.3 % higher than the baseline, better". */
  label: string;
}

const VERDICT_WORDS = { better: 'better', worse: 'worse', same: 'about the same' } as const;

export function describeDelta(f: FigureComparison): DeltaView {
  if (f.verdict === 'baseline')
    return { tone: 'baseline', arrow: '', text: 'baseline', label: 'the baseline' };
  const d = f.delta_percent;
  if (d === null || !Number.isFinite(d))
    return {
      tone: 'none',
      arrow: '',
      text: '–',
      label: 'no percentage: the baseline figure is zero',
    };
  const arrow = d > 0 ? '▲' : d < 0 ? '▼' : '=';
  const shown = change(d);
  return {
    tone: f.verdict,
    arrow,
    text: shown.text,
    label: `${shown.words}, ${VERDICT_WORDS[f.verdict]}`,
  };
}
