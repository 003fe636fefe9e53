// Runs in the renderer. A run's (or scheduled execution's) flag on a recharts time chart: a link
// to its page drawn at the top of the run's shaded span, inside the chart's SVG.
import type { TimelineMark } from './timeline-marks';

const FILL = { run: 'rgba(79, 107, 237, 0.85)', execution: 'rgba(180, 87, 201, 0.9)' };
/** Roughly how wide a character of the 10 px label is, to cut it to the span's width. */
const CHAR_PX = 6;

/** Recharts' view box: a cartesian box here (a polar one has no x and width). */
type Box = object;
const num = (box: Box | undefined, key: 'x' | 'y' | 'width'): number => {
  const v = box && key in box ? (box as Record<string, unknown>)[key] : undefined;
  return typeof v === 'number' ? v : 0;
};

/** The `content` of a ReferenceArea's label: recharts passes the area's box as `viewBox`. */
export function markFlag(mark: TimelineMark) {
  return function MarkFlag({ viewBox }: { viewBox?: Box }) {
    const x = num(viewBox, 'x');
    const y = num(viewBox, 'y');
    const width = Math.max(num(viewBox, 'width'), 10);
    const chars = Math.floor((width - 6) / CHAR_PX);
    const text =
      chars >= mark.label.length
        ? mark.label
        : chars > 1
          ? `${mark.label.slice(0, chars - 1)}…`
          : '';
    return (
      <a href={mark.href} aria-label={mark.title} data-testid={`mark-${mark.id}`}>
        <title>{mark.title}</title>
        <rect x={x} y={y} width={width} height={16} rx={2} fill={FILL[mark.kind]} />
        <text x={x + 3} y={y + 11} fontSize={10} fill="#fff">
          {text}
        </text>
      </a>
    );
  };
}
