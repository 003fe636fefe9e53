// Runs in the renderer. A run's latency tables: response time beside service time and schedule
// lag (open loop), each stage's figures, and latency per transaction type and per statement class.
import type { Latency, RunStatusView } from '../../../../shared/contract/benchmarks';
import { count, countOf, latency } from '../../components/figure-format';
import { RunSection } from './RunFacts';

const COLUMNS: [keyof Latency, string][] = [
  ['avg', 'avg'],
  ['p50', 'p50'],
  ['p95', 'p95'],
  ['p99', 'p99'],
  ['p999', 'p99.9'],
  ['max', 'max'],
];

interface LatencyRow {
  name: string;
  note?: string;
  count?: number;
  latency: Latency;
}

function LatencyTable({
  rows,
  label,
  withCount,
  testId,
}: {
  rows: readonly LatencyRow[];
  label: string;
  withCount: boolean;
  testId: string;
}) {
  return (
    <div className="results-table-wrap">
      <table className="results-table run-latency" aria-label={label} data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{label}</th>
            {withCount && <th scope="col">Count</th>}
            {COLUMNS.map(([k, h]) => (
              <th key={k} scope="col" className="num">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name} data-row={r.name}>
              <th scope="row">
                {r.name}
                {r.note && <span className="results-direction">{r.note}</span>}
              </th>
              {withCount && <td className="num">{count(r.count ?? 0)}</td>}
              {COLUMNS.map(([k]) => (
                <td key={k} className="num">
                  {latency(r.latency[k])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const breakdown = (by: Record<string, { count: number; latency: Latency }>): LatencyRow[] =>
  Object.entries(by)
    .sort(([, a], [, b]) => b.count - a.count)
    .map(([name, v]) => ({ name, count: v.count, latency: v.latency }));

export function RunLatencySection({ run }: { run: RunStatusView }) {
  const d = run.detail;
  const open = d.service_latency !== null || d.schedule_lag !== null;
  const rows: LatencyRow[] = [
    {
      name: open ? 'Response time' : 'Transaction latency',
      note: open ? 'from the intended start: what a user waits' : undefined,
      latency: run.metrics.latency,
    },
  ];
  if (d.service_latency)
    rows.push({ name: 'Service time', note: 'from the actual send', latency: d.service_latency });
  if (d.schedule_lag)
    rows.push({
      name: 'Schedule lag',
      note: 'how late requests were sent',
      latency: d.schedule_lag,
    });
  return (
    <RunSection id="latency" title={open ? 'Response time, service time and lag' : 'Latency'}>
      {open && d.target_rate !== null && (
        <p className="run-target" data-testid="run-open-loop">
          Open loop: target {count(d.target_rate)} tx/s, achieved {count(run.metrics.tps)} tx/s
          {d.saturated ? ' — the schedule lag kept growing: the system was saturated.' : '.'}
        </p>
      )}
      <LatencyTable rows={rows} label="Latency" withCount={false} testId="run-latency-table" />
      {d.stages.length > 0 && (
        <>
          <h3>Stages</h3>
          <LatencyTable
            rows={d.stages.map((s) => ({
              name: `Stage ${s.index + 1}`,
              note: `${countOf(s.threads, 'client')}${s.rate ? `, ${count(s.rate)} tx/s asked` : ''}, ${count(s.metrics.tps)} tx/s`,
              latency: s.metrics.latency,
            }))}
            label="Stage"
            withCount={false}
            testId="run-stages-table"
          />
        </>
      )}
    </RunSection>
  );
}

export function RunBreakdownSection({ run }: { run: RunStatusView }) {
  const byTxn = breakdown(run.detail.by_transaction);
  const byStmt = breakdown(run.detail.by_statement);
  return (
    <RunSection id="breakdown" title="Latency per transaction and per statement">
      {byTxn.length > 0 ? (
        <LatencyTable rows={byTxn} label="Transaction" withCount testId="run-by-transaction" />
      ) : (
        <p className="bench-empty" data-testid="run-one-transaction">
          One transaction type: its latency is the run&apos;s, in the table above.
        </p>
      )}
      {byStmt.length > 0 ? (
        <LatencyTable rows={byStmt} label="Statement" withCount testId="run-by-statement" />
      ) : (
        <p className="bench-empty" data-testid="run-one-statement">
          One kind of statement: its latency is in the transactions&apos; figures above.
        </p>
      )}
    </RunSection>
  );
}
