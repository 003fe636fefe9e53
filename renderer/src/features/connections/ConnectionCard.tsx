// Runs in the renderer. One saved connection in the list: who and where, its environment, and
// its Test / Edit / Delete actions with the latest test outcome (or when it was last tested) underneath.
import { useId } from 'react';
import type { Connection } from '../../../../shared/model/connection';
import { EditIcon, PlayIcon, TrashIcon } from '../../app/icons';
import { useConnections } from '../../app/stores-context';
import { dateTime } from '../../components/figure-format';
import { EnvironmentBadge } from './EnvironmentBadge';
import { PgpassOffer } from './PgpassOffer';
import { TYPE_BADGES, TYPE_LABELS } from './labels';
import { TestResultLine } from './TestResultLine';

export interface ConnectionCardProps {
  connection: Connection;
  onEdit: (c: Connection) => void;
  onDelete: (c: Connection) => void;
}

/** The last test of the saved connection, kept across restarts; this session's outcome replaces it. */
function LastTested({ connection: c }: { connection: Connection }) {
  if (!c.last_tested_at) return <p className="conn-tested">Not tested yet</p>;
  return (
    <p className={`conn-tested ${c.last_test_ok ? '' : 'is-failed'}`} data-testid="last-tested">
      Last tested <time dateTime={c.last_tested_at}>{dateTime(c.last_tested_at)}</time>:{' '}
      {c.last_test_ok ? 'connected' : 'did not connect'}
    </p>
  );
}

export function ConnectionCard({ connection: c, onEdit, onDelete }: ConnectionCardProps) {
  const nameId = useId();
  const outcome = useConnections((s) => s.tests[c.id]);
  const testSaved = useConnections((s) => s.testSaved);
  const running = outcome?.state === 'running';
  return (
    <li className={`conn-card conn-env-${c.environment}`} aria-labelledby={nameId}>
      <div
        className={`conn-type conn-type-${c.type}`}
        title={TYPE_LABELS[c.type]}
        aria-hidden="true"
      >
        {TYPE_BADGES[c.type]}
      </div>
      <div className="conn-main">
        <div className="conn-title-row">
          <h3 id={nameId} className="conn-name">
            {c.name}
          </h3>
          <EnvironmentBadge environment={c.environment} />
          <span className={`conn-active ${c.is_active ? 'is-active' : 'is-inactive'}`}>
            {c.is_active ? 'Active' : 'Inactive'}
          </span>
        </div>
        <div className="conn-meta">
          <span>{TYPE_LABELS[c.type]}</span>
          <span className="mono" title="host:port/database">
            {c.host}:{c.port}/{c.database}
          </span>
          <span>
            user <span className="mono">{c.username}</span>
          </span>
          {c.has_password && <span>password saved</span>}
        </div>
        {c.description && <p className="conn-desc">{c.description}</p>}
        {c.tags.length > 0 && (
          <ul className="tags" aria-label="Tags">
            {c.tags.map((t) => (
              <li key={t} className="tag">
                {t}
              </li>
            ))}
          </ul>
        )}
        <TestResultLine outcome={outcome} />
        {!outcome && <LastTested connection={c} />}
        {!c.has_password && !c.is_sandbox && <PgpassOffer connection={c} />}
      </div>
      <div className="conn-actions">
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => void testSaved(c.id)}
          disabled={running}
        >
          <PlayIcon /> Test
        </button>
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => onEdit(c)}>
          <EditIcon /> Edit
        </button>
        <button
          type="button"
          className="btn btn-sm btn-ghost btn-danger-text"
          onClick={() => onDelete(c)}
        >
          <TrashIcon /> Delete
        </button>
      </div>
    </li>
  );
}
