// Runs in the main process, server and CLI. The sandbox and app-info operations.
import type { Handlers } from '../../../shared/contract';
import type { AppInfo } from '../../../shared/contract/sandbox';
import { dataDirState } from '../settings/data-dir-state';
import type { SandboxService } from './service';

type SandboxHandlers = Pick<
  Handlers,
  'sandbox.status' | 'sandbox.start' | 'sandbox.stop' | 'app.info'
>;

export const sandboxHandlers = (sandbox: SandboxService, info: AppInfo): SandboxHandlers => ({
  'sandbox.status': async () => sandbox.current(),
  'sandbox.start': () => sandbox.start(),
  'sandbox.stop': () => sandbox.stop(),
  'app.info': async () => ({ ...info, data_dir_state: await dataDirState(info.data_dir) }),
});
