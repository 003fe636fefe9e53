// Runs in the main process, server and CLI. The contract's import and export operations, mapped
// onto the importer and the exporter; input arrives validated by the dispatcher.
import type { Handlers } from '../../../shared/contract';
import { exportConnections } from './export';
import type { ConnectionImporter, FileReach } from './import/importer';
import type { ConnectionService } from './service';

type TransferHandlers = Pick<
  Handlers,
  'connections.importPreview' | 'connections.importApply' | 'connections.export'
>;

/** `reach` comes from the transport the handlers serve, never from the request. */
export const connectionTransferHandlers = (
  connections: ConnectionService,
  importer: ConnectionImporter,
  reach: FileReach,
): TransferHandlers => ({
  'connections.importPreview': (input) => importer.preview(input, reach),
  'connections.importApply': (input) => importer.apply(input),
  'connections.export': async ({ ids, format }) => {
    // The sandbox's port changes with every start: it is only exported when asked for by id.
    const chosen = ids
      ? ids.map((id) => connections.get(id))
      : connections.list().filter((c) => !c.is_sandbox);
    return exportConnections(chosen, format, new Date());
  },
});
