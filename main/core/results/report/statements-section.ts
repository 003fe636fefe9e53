// Runs in the main process, server and CLI. The report's query analytics: each run's calls and mean
// time of the statements the baseline shares with the other runs, with the change in mean time.
import type { Comparison } from '../../../../shared/contract/results';
import { escapeHtml as e } from './escape';

export const STATEMENTS_CSS =
  '.stmt{font-family:ui-monospace,monospace;font-size:12px;text-align:left;white-space:pre-wrap;word-break:break-word;max-width:420px}';

const ms = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 3 });

export function statementsSection(c: Comparison): string {
  const s = c.statements;
  if (!s) return '';
  const missing = s.runs
    .map((r, i) => (r.available ? '' : `<li>run ${i + 1}: ${e(r.reason ?? 'no statistics')}</li>`))
    .filter(Boolean)
    .join('');
  const head = c.runs.map((_, i) => `<th scope="col">run ${i + 1}</th>`).join('');
  const rows = s.rows
    .map(
      (row) =>
        `<tr><th scope="row" class="stmt">${e(row.text)}</th>${row.values
          .map((v, i) => {
            if (v === null) return '<td>—</td>';
            const d = row.mean_change_percent[i];
            const change =
              d === null || d === undefined
                ? ''
                : `<span class="delta ${d > 0 ? 'worse' : 'better'}">mean ${d >= 0 ? '+' : ''}${d.toFixed(1)}%</span>`;
            return `<td>${ms(v.mean_ms)} ms<span class="delta">${ms(v.calls)} calls</span>${change}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('');
  const table = rows
    ? `<table id="statements"><thead><tr><th scope="col">Statement (mean time per call)</th>${head}</tr></thead><tbody>${rows}</tbody></table>`
    : '<p id="statements">No statement of the baseline appears in the other runs.</p>';
  return `<h2>Query analytics</h2>
<p class="meta">What the server's statement statistics counted in each run's measured window.</p>
${table}${missing ? `<ul id="statements-missing">${missing}</ul>` : ''}`;
}
