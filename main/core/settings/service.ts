// Runs in the main process, server and CLI. The app's own settings (theme, benchmark defaults) in
// the settings table; a change is published at once so every window applies it without a restart.
import {
  type AppSettings,
  appSettingsSchema,
  type BenchDefaults,
  DEFAULT_APP_SETTINGS,
  type Theme,
} from '../../../shared/contract/settings';
import type { EventBus } from '../events';
import type { Logger } from '../logging/logger';
import type { Db } from '../store/database';
import { readJsonSetting, writeJsonSetting } from '../store/json-setting';

const KEY = 'app.settings';

export interface SettingsPatch {
  theme?: Theme | undefined;
  bench_defaults?: Partial<BenchDefaults> | undefined;
}

export class AppSettingsService {
  private cached: AppSettings | null = null;

  constructor(private readonly deps: { db: Db; events: EventBus; logger: Logger }) {}

  get(): AppSettings {
    if (this.cached) return this.cached;
    const stored = readJsonSetting(this.deps.db, KEY);
    let settings = DEFAULT_APP_SETTINGS;
    if (stored !== undefined) {
      const patch = typeof stored === 'object' ? stored : null;
      const parsed = appSettingsSchema.safeParse(merge(DEFAULT_APP_SETTINGS, patch));
      if (parsed.success) settings = parsed.data;
      else this.deps.logger.warn('stored app settings are invalid; using the defaults');
    }
    this.cached = settings;
    return settings;
  }

  /** The values a new run starts from, for every caller that builds one (form, CLI, scripts). */
  benchDefaults(): BenchDefaults {
    return this.get().bench_defaults;
  }

  /** Reads the stored settings again (another process changed them) and publishes a difference. */
  reload(): void {
    const before = this.cached;
    this.cached = null;
    const now = this.get();
    if (JSON.stringify(before) !== JSON.stringify(now))
      this.deps.events.emit('settings.changed', now);
  }

  update(patch: SettingsPatch): AppSettings {
    const next = appSettingsSchema.parse(merge(this.get(), patch));
    writeJsonSetting(this.deps.db, KEY, next);
    this.cached = next;
    this.deps.events.emit('settings.changed', next);
    return next;
  }
}

/** A stored or sent patch over a whole: objects merge one level deep, absent keys stay. */
function merge(base: AppSettings, patch: SettingsPatch | null): AppSettings {
  return {
    theme: patch?.theme ?? base.theme,
    bench_defaults: { ...base.bench_defaults, ...stripUndefined(patch?.bench_defaults ?? {}) },
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
