// Runs in the main process, server and CLI. The contract's settings operations over the service.
import type { Handlers } from '../../../shared/contract';
import type { settingsOperations } from '../../../shared/contract/settings';
import type { AppSettingsService } from './service';

type SettingsHandlers = Pick<Handlers, keyof typeof settingsOperations>;

export const settingsHandlers = (settings: AppSettingsService): SettingsHandlers => ({
  'settings.get': async () => settings.get(),
  'settings.update': async (patch) => ({
    message: 'Settings saved; they apply now, no restart needed.',
    settings: settings.update(patch),
  }),
});
