// Runs in the main process, server and CLI. The contract's import and export operations, mapped
// onto the importer and the exporter; input arrives validated by the dispatcher.
import type { Handlers } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { exportConnections } from './export';
import type { ConnectionImporter, FileReach } from './import/importer';
import type { ConnectionService } from './service';

type TransferHandlers = Pick<
  Handlers,
  | 'connections.importPreview'
  | 'connections.importApply'
  | 'connections.export'
  | 'connections.pgpassOffer'
  | 'connections.usePgpass'
>;

/** `reach` comes from the transport the handlers serve, never from the request. */
export const connectionTransferHandlers = (
  connections: ConnectionService,
  importer: ConnectionImporter,
  reach: FileReach,
): TransferHandlers => {
  // The password file is this machine's: a caller over the network is never offered it.
  const pgpassOf = (id: string) =>
    reach === 'local' ? importer.pgpassFor(connections.get(id)) : Promise.resolve(null);
  return {
    'connections.importPreview': (input) => importer.preview(input, reach),
    'connections.importApply': (input) => importer.apply(input),
    'connections.export': async ({ ids, format }) => {
      // The sandbox's port changes with every start: it is only exported when asked for by id.
      const chosen = ids
        ? ids.map((id) => connections.get(id))
        : connections.list().filter((c) => !c.is_sandbox);
      return exportConnections(chosen, format, new Date());
    },
    'connections.pgpassOffer': async ({ id }) => {
      const found = await pgpassOf(id);
      return { available: found !== null, file: found?.file ?? null };
    },
    'connections.usePgpass': async ({ id }) => {
      const found = await pgpassOf(id);
      if (!found)
        throw new AppError('NOT_FOUND', 'The password file has no password for this connection.');
      return connections.update(id, { password: found.password });
    },
  };
};
