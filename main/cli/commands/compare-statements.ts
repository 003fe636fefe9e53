// Runs in the CLI process. The statements part of `compare`: the statements the baseline shares with
// the other runs, each run's mean time per call and its change, and why a run has no statistics.
import type { Comparison } from '../../../shared/contract/results';
import { renderTable } from '../table';

const TEXT_WIDTH = 60;

const oneLine = (text: string) => {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > TEXT_WIDTH ? `${t.slice(0, TEXT_WIDTH - 1)}…` : t;
};

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(3));

export function statementLines(c: Comparison): string[] {
  const s = c.statements;
  if (!s) return [];
  const lines = ['', 'Statements (mean ms per call, change against the baseline):'];
  if (s.rows.length === 0) lines.push('  No statement of the baseline appears in the other runs.');
  else
    lines.push(
      renderTable(
        ['statement', ...c.runs.map((r, i) => `${i + 1}${r.baseline ? '*' : ''}`)],
        s.rows.map((row) => [
          oneLine(row.text),
          ...row.values.map((v, i) => {
            if (v === null) return '—';
            const d = row.mean_change_percent[i];
            const change =
              d === null || d === undefined ? '' : ` (${d >= 0 ? '+' : ''}${d.toFixed(1)}%)`;
            return `${ms(v.mean_ms)}${change}`;
          }),
        ]),
      ),
    );
  s.runs.forEach((r, i) => {
    if (!r.available) lines.push(`  ${i + 1}: no statement statistics: ${r.reason ?? 'unknown'}`);
  });
  return lines;
}
