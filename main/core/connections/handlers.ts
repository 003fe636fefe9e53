// Runs in the main process, server and CLI. The contract's connection operations, mapped onto
// the service; input arrives validated by the dispatcher.
import type { Handlers } from '../../../shared/contract';
import type { connectionOperations } from '../../../shared/contract/connections';
import type { ConnectionService } from './service';

type ConnectionHandlers = Pick<Handlers, keyof typeof connectionOperations>;

export const connectionHandlers = (connections: ConnectionService): ConnectionHandlers => ({
  'connections.list': async () => connections.list(),
  'connections.get': async ({ id }) => connections.get(id),
  'connections.create': (input) => connections.create(input),
  'connections.createFromUrl': (input) => connections.createFromUrl(input),
  'connections.checkUrl': ({ url, test }) => connections.checkUrl(url, test),
  'connections.update': ({ id, ...patch }) => connections.update(id, patch),
  'connections.delete': ({ id }) => connections.delete(id),
  'connections.test': (params) => connections.test(params),
  'connections.testSaved': ({ id, changes, keep_password }) =>
    connections.testSaved(id, changes, keep_password),
  'connections.acceptHostKey': (key) => connections.acceptHostKey(key),
});
