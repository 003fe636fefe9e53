// Runs in tests. The contract suite straight through dispatch(): the reference every transport matches.
import { dispatch } from '../../main/rpc/dispatch';
import { createTestCore } from './core-fixture';
import { defineContractSuite } from './suite';

defineContractSuite('in-process dispatch', async () => {
  const { core, dispose } = createTestCore();
  return {
    call: (method, input) => dispatch(core.handlers, method, input),
    onEvent: (cb) => core.events.subscribe((e) => cb(e)),
    close: dispose,
  };
});
