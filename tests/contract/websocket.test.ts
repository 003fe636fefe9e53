// Runs in tests. The contract suite over the headless server's WebSocket (/api/v1/ws), the
// transport the browser renderer uses for calls and events.
import { startServer } from '../../main/server/server';
import { silentLogger } from '../../main/core/logging/logger';
import { WS_PATH } from '../../shared/transport';
import { createTestCore } from './core-fixture';
import { defineContractSuite } from './suite';
import { connectClient, wsUrl } from './ws-client';

defineContractSuite('HTTP server WebSocket', async () => {
  const { core, dispose } = createTestCore();
  const token = 'contract-ws-token';
  const server = await startServer({ core, port: 0, token, logger: silentLogger });
  const client = await connectClient(wsUrl(server.url, WS_PATH), {
    Authorization: `Bearer ${token}`,
  });
  return {
    call: (method, input) => client.call(method, input),
    onEvent: (cb) =>
      client.onMessage((m) => {
        if (m.type === 'event') cb({ event: m.event, payload: m.payload });
      }),
    async close() {
      await client.close();
      await server.close();
      await dispose();
    },
  };
});
