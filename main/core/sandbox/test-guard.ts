// Runs in the main process, server and CLI. Testing the Sandbox's saved connection while the
// Sandbox is not running: say to start it, instead of "nothing answers on that port".
import type { Handlers } from '../../../shared/contract';
import type { ConnectionService } from '../connections/service';
import type { SandboxService } from './service';

export const SANDBOX_STOPPED_MESSAGE = 'The Sandbox is not running: start it, then test again.';

export function guardSandboxTest(
  testSaved: Handlers['connections.testSaved'],
  connections: ConnectionService,
  sandbox: SandboxService,
): Handlers['connections.testSaved'] {
  return async (input, ctx) => {
    const c = connections.get(input.id);
    if (c.is_sandbox && sandbox.current().state !== 'running')
      return { success: false, code: 'SANDBOX_STOPPED', message: SANDBOX_STOPPED_MESSAGE };
    return testSaved(input, ctx);
  };
}
