// Runs in the renderer. Flags, before saving, that the form reaches a database a saved
// connection already reaches as the same user.
import { type EngineType, sameTarget } from '../../../../shared/model/connection';
import { AlertIcon } from '../../app/icons';
import { useConnections } from '../../app/stores-context';

export interface DuplicateNoticeProps {
  target: { type: EngineType; host: string; port: number; database: string; username: string };
  /** The connection being edited, which is not its own duplicate. */
  selfId: string | null;
}

export function DuplicateNotice({ target, selfId }: DuplicateNoticeProps) {
  const same = useConnections((s) =>
    target.host.trim() === ''
      ? undefined
      : s.items.find((c) => c.id !== selfId && sameTarget(c, target)),
  );
  return same ? <DuplicateWarning name={same.name} /> : null;
}

/** The words of the flag, wherever a duplicate is found (the form here, the core for a URL). */
export function DuplicateWarning({ name }: { name: string }) {
  return (
    <div className="notice notice-warning span-2" data-testid="duplicate">
      <AlertIcon />
      <span>
        Already saved as “{name}”: the same database as the same user. Saving adds a second
        connection to it.
      </span>
    </div>
  );
}
