// Runs in the renderer. The outcome of a connection test, inline: what answered and how fast, or
// the one human sentence that says why not.
import type { TestResult } from '../../../../shared/model/connection';
import { uiText } from '../../api/error-words';
import { latency, timeOfDay } from '../../components/figure-format';
import type { TestOutcome } from '../../stores/connections-store';
import { CheckIcon, CrossIcon } from '../../app/icons';

/** running, success or failure: what tests and tools wait on. */
function outcomeKind(outcome: TestOutcome | undefined | null): string | undefined {
  if (!outcome) return undefined;
  if (outcome.state === 'running') return 'running';
  return outcome.state === 'done' && outcome.result.success ? 'success' : 'failure';
}

/** "tested at 15:02:10": when the outcome was reached, so an old one reads as old. */
function TestedAt({ outcome }: { outcome: TestOutcome }) {
  if (outcome.state === 'running' || !outcome.at) return null;
  return (
    <time className="test-fact test-time" dateTime={outcome.at} data-testid="test-time">
      tested at {timeOfDay(outcome.at)}
    </time>
  );
}

export function TestResultLine({ outcome }: { outcome: TestOutcome | undefined | null }) {
  return (
    <div className="test-line" role="status" aria-live="polite" data-outcome={outcomeKind(outcome)}>
      {outcome && <Outcome outcome={outcome} />}
    </div>
  );
}

function Outcome({ outcome }: { outcome: TestOutcome }) {
  if (outcome.state === 'running') {
    return (
      <span className="test-running">
        <span className="spinner" aria-hidden="true" /> Testing the connection…
      </span>
    );
  }
  if (outcome.state === 'failed') {
    return (
      <span className="test-failure">
        <CrossIcon /> {outcome.message} <TestedAt outcome={outcome} />
      </span>
    );
  }
  const r = outcome.result;
  if (!r.success) {
    return (
      <span className="test-failure">
        <CrossIcon /> {uiText(r.message)} <TestedAt outcome={outcome} />
      </span>
    );
  }
  return (
    <span className="test-success">
      <CheckIcon />
      <strong>Connected</strong>
      {r.server_version && <span className="test-fact">{r.server_version}</span>}
      {r.rtt_ms !== undefined && <span className="test-fact">{latency(r.rtt_ms)} round trip</span>}
      {r.connect_ms !== undefined && (
        <span className="test-fact">{latency(r.connect_ms)} to connect</span>
      )}
      {r.tls && <TlsFact result={r} />}
      {r.ssh_rtt_ms !== undefined && (
        <span className="test-fact">SSH round trip {latency(r.ssh_rtt_ms)}</span>
      )}
      {r.warnings?.map((w) => (
        <span key={w} className="test-warning" role="note">
          {w}
        </span>
      ))}
      <TestedAt outcome={outcome} />
    </span>
  );
}

/** TLS, its protocol and cipher, and whose certificate until when (full detail on hover). */
function TlsFact({ result }: { result: TestResult }) {
  const d = result.tls_details;
  if (!d) return <span className="test-fact">TLS</span>;
  const until = d.valid_to ? `valid until ${d.valid_to.slice(0, 10)}` : '';
  const title = [
    d.subject && `Certificate ${d.subject}`,
    d.issuer && `issued by ${d.issuer}`,
    until,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <span className="test-fact" title={title} data-testid="tls-details">
      {d.protocol} · {d.cipher}
      {d.subject ? ` · ${d.subject}` : ''}
      {until ? ` · ${until}` : ''}
    </span>
  );
}
