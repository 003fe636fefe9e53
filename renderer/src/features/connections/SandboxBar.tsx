// Runs in the renderer. The Sandbox PostgreSQL's state above the list, with Start or Stop.
import type { SandboxStatus } from '../../../../shared/contract/sandbox';
import { PlayIcon, StopIcon } from '../../app/icons';
import { useSandbox } from '../../app/stores-context';

function describe(status: SandboxStatus | null): string {
  switch (status?.state) {
    case 'running':
      return `running on 127.0.0.1:${status.port ?? '?'}`;
    case 'starting':
      return 'starting…';
    case 'stopping':
      return 'stopping…';
    case 'failed':
      return 'could not start';
    default:
      return 'stopped';
  }
}

export function SandboxBar() {
  const status = useSandbox((s) => s.status);
  const busy = useSandbox((s) => s.busy);
  const error = useSandbox((s) => s.error);
  const start = useSandbox((s) => s.start);
  const stop = useSandbox((s) => s.stop);
  const state = status?.state ?? 'stopped';
  const moving = busy || state === 'starting' || state === 'stopping';
  return (
    <section className="sandbox-bar" aria-label="Sandbox PostgreSQL">
      <span className={`sandbox-dot sandbox-${state}`} aria-hidden="true" />
      <span>
        <strong>Sandbox PostgreSQL</strong> <span role="status">{describe(status)}</span>
      </span>
      <span className="spacer" />
      {state === 'running' ? (
        <button type="button" className="btn btn-sm" onClick={() => void stop()} disabled={moving}>
          <StopIcon /> Stop
        </button>
      ) : (
        <button type="button" className="btn btn-sm" onClick={() => void start()} disabled={moving}>
          {moving ? <span className="spinner" aria-hidden="true" /> : <PlayIcon />} Start
        </button>
      )}
      {(error ?? (state === 'failed' ? status?.message : null)) && (
        <div className="notice notice-error sandbox-error" role="alert">
          {error ?? status?.message}
        </div>
      )}
    </section>
  );
}
