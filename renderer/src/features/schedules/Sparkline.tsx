// Runs in the renderer. A small inline line of one value across windows, gaps left open, the last
// point marked; its label says the values in words for screen readers and tooltips.
const W = 96;
const H = 22;
const PAD = 2;

export function Sparkline({
  values,
  label,
  format,
}: {
  values: readonly (number | null)[];
  label: string;
  format: (v: number) => string;
}) {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return <span className="sched-meta">—</span>;
  const min = Math.min(...known);
  const max = Math.max(...known);
  const x = (i: number) =>
    values.length === 1 ? W / 2 : PAD + (i * (W - 2 * PAD)) / (values.length - 1);
  const y = (v: number) =>
    max === min ? H / 2 : H - PAD - ((v - min) * (H - 2 * PAD)) / (max - min);
  // One path segment per unbroken run of values.
  const segments: string[] = [];
  let current = '';
  values.forEach((v, i) => {
    if (v === null) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
  });
  if (current) segments.push(current);
  const lastIndex = values.findLastIndex((v) => v !== null);
  const last = values[lastIndex]!;
  const words = `${label}: ${values.map((v) => (v === null ? 'not in the top' : format(v))).join(', ')}`;
  return (
    <svg
      className="sched-spark"
      width={W}
      height={H}
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={words}
    >
      <title>{words}</title>
      {segments.map((d) => (
        <path key={d} d={d} fill="none" stroke="currentColor" strokeWidth="1.5" />
      ))}
      <circle cx={x(lastIndex)} cy={y(last)} r="2.2" fill="currentColor" />
    </svg>
  );
}
