// Runs in the main process, server and CLI. The comparison as one self-contained HTML file:
// inline CSS and SVG, no script, no external resource, so it opens offline and can be mailed.
import type { Comparison, FigureComparison } from '../../../../shared/contract/results';
import { agentsSection } from './agents-section';
import { escapeHtml as e } from './escape';
import { statementsSection, STATEMENTS_CSS } from './statements-section';
import { serverSection, type RunServerFigures } from './server-section';
import { lineChart, type ChartSeries } from './svg-chart';

export interface ReportMeta {
  title: string;
  generatedAt: string;
  generator: string;
}

const PALETTE = [
  '#2563eb',
  '#dc2626',
  '#16a34a',
  '#9333ea',
  '#ea580c',
  '#0891b2',
  '#4b5563',
  '#ca8a04',
];
const colorOf = (i: number): string => PALETTE[i % PALETTE.length]!;

const NINES_LABELS = ['0', '90', '99', '99.9', '99.99', '99.999', '99.9999'];

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111827;background:#fff;margin:24px auto;max-width:1100px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.meta{color:#4b5563;margin:0 0 16px}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid #e5e7eb;padding:6px 8px;text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}
thead th{background:#f3f4f6}
.delta{display:block;font-size:12px}
.better{color:#15803d}.worse{color:#b91c1c}.same{color:#4b5563}.baseline{color:#1d4ed8}
.swatch{display:inline-block;width:10px;height:10px;margin-right:6px;border-radius:2px}
.charts{display:grid;grid-template-columns:1fr;gap:16px}
figure{margin:0}svg{width:100%;height:auto;background:#fff}
svg .grid{stroke:#e5e7eb}svg .band{fill:#dbeafe;opacity:.5}svg .axis{stroke:#6b7280}
svg .tick,svg .legend{font-size:11px;fill:#374151}svg .label{font-size:12px;fill:#111827}
.why{color:#4b5563;font-size:12px}.caveat{color:#b45309}
@media (prefers-color-scheme:dark){body{background:#111827;color:#f9fafb}thead th{background:#1f2937}
th,td{border-color:#374151}.meta,.why{color:#9ca3af}}
`;

const num = (v: number): string =>
  Math.abs(v) >= 1000
    ? v.toLocaleString('en-US', { maximumFractionDigits: 0 })
    : v.toLocaleString('en-US', { maximumFractionDigits: 3 });

/** ▲/▼ say the figure went up/down, as in the app; the word and the colour say better or worse. */
function arrow(percent: number | null): string {
  if (percent === null || percent === 0) return '=';
  return percent > 0 ? '▲' : '▼';
}

function cell(f: FigureComparison): string {
  const delta =
    f.verdict === 'baseline'
      ? 'baseline'
      : `${f.delta_percent === null ? 'n/a' : `${f.delta_percent >= 0 ? '+' : ''}${f.delta_percent.toFixed(1)}%`} ${arrow(f.delta_percent)} ${f.verdict}`;
  return `<td class="${f.verdict}">${num(f.value)}<span class="delta">${e(delta)}</span></td>`;
}

function summaryTable(c: Comparison): string {
  const head = c.metrics
    .map((m) => `<th scope="col">${e(m.label)}<br><small>${e(m.unit)}</small></th>`)
    .join('');
  const rows = c.runs
    .map(
      (r, i) =>
        `<tr><th scope="row"><span class="swatch" style="background:${colorOf(i)}"></span>run ${i + 1}: ${e(r.label)}${
          r.tags.length ? `<br><small>${e(r.tags.join(', '))}</small>` : ''
        }${flags(r.warnings)}</th>${c.metrics.map((m) => cell(r.figures[m.key])).join('')}</tr>`,
    )
    .join('');
  return `<table id="summary"><thead><tr><th scope="col">Run</th>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** Short marks beside a run's name; the sentences are in the Caveats section. */
function flags(warnings: Comparison['runs'][number]['warnings']): string {
  const codes = [...new Set(warnings.map((w) => w.code))];
  return codes.length
    ? `<br><small class="caveat">⚠ ${e(codes.map((c) => c.replaceAll('_', ' ')).join(', '))}</small>`
    : '';
}

/** Every run's caveats in full, as the run view and the CLI give them. */
function caveats(c: Comparison): string {
  const rows = c.runs.flatMap((r, i) =>
    r.warnings.map(
      (w) =>
        `<li data-code="${e(w.code)}"><strong>run ${i + 1}</strong> (${e(w.code.replaceAll('_', ' '))}): ${e(w.message)}</li>`,
    ),
  );
  return rows.length ? `<h2>Caveats</h2>\n<ul id="caveats">${rows.join('')}</ul>` : '';
}

function charts(c: Comparison): string {
  // Legends name runs as the tables do; the summary table holds their full labels.
  const name = (id: string) => `run ${c.runs.findIndex((r) => r.id === id) + 1}`;
  const over = (pick: 'qps' | 'p99'): ChartSeries[] =>
    c.series.map((s, i) => ({
      name: name(s.run_id),
      color: colorOf(i),
      points: s.t.map((x, k) => ({ x, y: s[pick][k]! })),
    }));
  const maxNines = Math.max(
    1,
    ...c.spectrum.flatMap((s) => s.points.map((p) => Math.ceil(p.nines))),
  );
  const host = (pick: 'cpu_percent' | 'memory_percent'): ChartSeries[] =>
    c.host.map((h, i) => ({
      name: name(h.run_id),
      color: colorOf(i),
      points: h.t.flatMap((x, k) => {
        const y = h[pick][k] ?? null;
        return y === null ? [] : [{ x, y }];
      }),
    }));
  const measured = [
    { from: 0, to: Math.max(0, ...c.host.map((h) => h.measure_end)), label: 'measured' },
  ];
  const hostChart = (id: string, title: string, yLabel: string, series: ChartSeries[]) =>
    series.some((s) => s.points.length)
      ? `<figure id="${id}">${lineChart({ title, xLabel: 'seconds (negative: preparation and warm-up)', yLabel, series, bands: measured })}</figure>`
      : '';
  return `<div class="charts">
<figure id="chart-qps">${lineChart({ title: 'QPS over time', xLabel: 'seconds measured', yLabel: 'queries/s', series: over('qps') })}</figure>
<figure id="chart-p99">${lineChart({ title: 'p99 latency over time', xLabel: 'seconds measured', yLabel: 'p99 ms', series: over('p99') })}</figure>
<figure id="chart-spectrum">${lineChart({
    title: 'Latency by percentile (HDR spectrum)',
    xLabel: 'percentile',
    yLabel: 'latency ms',
    series: c.spectrum.map((s, i) => ({
      name: name(s.run_id),
      color: colorOf(i),
      points: s.points.map((p) => ({ x: p.nines, y: p.ms })),
    })),
    xTicks: NINES_LABELS.slice(0, maxNines + 1).map((label, x) => ({ x, label })),
  })}</figure>
${hostChart('chart-host-cpu', 'Host CPU during each run', 'CPU %', host('cpu_percent'))}
${hostChart('chart-host-memory', 'Host memory during each run', 'memory %', host('memory_percent'))}
</div>`;
}

function diffTable(c: Comparison): string {
  if (c.diff.length === 0)
    return '<p id="diff">The runs were captured with identical settings, server and client.</p>';
  const head = c.runs
    .map(
      (r, i) =>
        `<th scope="col"><span class="swatch" style="background:${colorOf(i)}"></span>run ${i + 1}</th>`,
    )
    .join('');
  const rows = c.diff
    .map(
      (d) =>
        `<tr><th scope="row">${e(d.label)}<div class="why">${e(d.why)}</div></th>${d.values
          .map((v) => `<td>${e(v ?? '—')}</td>`)
          .join('')}</tr>`,
    )
    .join('');
  return `<table id="diff"><thead><tr><th scope="col">Difference (most likely cause first)</th>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function repetitionsSection(c: Comparison): string {
  const rep = c.repetitions;
  if (!rep) return '';
  const stats = rep.groups
    .map(
      (g) =>
        `<tr><th scope="row">${e(g.label)}${g.baseline ? ' (baseline)' : ''}</th><td>${g.run_ids.length}</td>${(
          ['qps', 'p99'] as const
        )
          .map((m) => {
            const s = g.stats[m];
            return `<td>${num(s.mean)}<span class="delta">95% CI ${num(s.ci_low)} – ${num(s.ci_high)}</span></td>`;
          })
          .join('')}</tr>`,
    )
    .join('');
  const tests = rep.comparisons
    .filter((t) => t.metric === 'qps' || t.metric === 'p99' || t.metric === 'tps')
    .map(
      (t) =>
        `<tr><th scope="row">${e(rep.groups.find((g) => g.id === t.group_id)?.label ?? t.group_id)}</th><td>${e(t.metric)}</td><td>${
          t.p_value === null ? 'n/a' : t.p_value.toPrecision(3)
        }</td><td class="${t.verdict === 'insufficient' ? 'same' : t.verdict}">${e(
          t.verdict === 'same' ? 'within run-to-run noise' : t.verdict,
        )}</td></tr>`,
    )
    .join('');
  return `<h2>Repetitions</h2>
<table id="repetitions"><thead><tr><th scope="col">Group</th><th scope="col">runs</th><th scope="col">QPS mean</th><th scope="col">p99 mean (ms)</th></tr></thead><tbody>${stats}</tbody></table>
<p class="meta">Significance: ${e(rep.test)}, α = ${rep.alpha}, two-sided, against the baseline group.</p>
<table id="significance"><thead><tr><th scope="col">Group</th><th scope="col">metric</th><th scope="col">p-value</th><th scope="col">verdict</th></tr></thead><tbody>${tests}</tbody></table>`;
}

/** An ISO time as people read it, with its zone: "2026-12-06 18:40 UTC". */
function readableTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function renderReport(
  c: Comparison,
  meta: ReportMeta,
  /** Each run's database and server host figures, in the comparison's run order. */
  server: readonly RunServerFigures['metrics'][] = [],
): string {
  const baseline = c.runs.find((r) => r.baseline);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(meta.title)}</title><style>${CSS}${STATEMENTS_CSS}</style></head>
<body>
<h1>${e(meta.title)}</h1>
<p class="meta">${c.runs.length} runs, baseline: ${e(baseline?.label ?? c.baseline_id)}. Generated ${e(readableTime(meta.generatedAt))} by ${e(meta.generator)}. Latency in milliseconds; ▲ up, ▼ down against the baseline, <span class="better">green better</span>, <span class="worse">red worse</span> (changes under 2% count as the same).</p>
<h2>Summary</h2>
${summaryTable(c)}
${caveats(c)}
<h2>Over time and by percentile</h2>
${charts(c)}
<h2>Why are the runs different?</h2>
${diffTable(c)}
${serverSection(server.map((metrics, i) => ({ name: `run ${i + 1}`, color: colorOf(i), metrics })))}
${agentsSection(c.runs)}
${repetitionsSection(c)}
${statementsSection(c)}
</body></html>
`;
}
