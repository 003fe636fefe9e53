// Runs in the renderer (pure). What a run's connection is called wherever a run is listed: its
// current name, or the name it had when measured (snapshotted at the start) once it is gone.
import type { RunSummary } from '../../../../shared/contract/benchmarks';

type Named = Pick<RunSummary, 'connection_id' | 'target' | 'imported_from'>;

export function connectionLabel(
  run: Named,
  connections: readonly { id: string; name: string }[],
): string {
  const current = connections.find((c) => c.id === run.connection_id);
  if (current) return current.name;
  const was = run.target?.connection_name;
  if (run.imported_from) return was ? `${was} (another machine)` : 'connection of another machine';
  return was ? `${was} (deleted connection)` : 'deleted connection';
}
