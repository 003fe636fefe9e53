// Runs in the main process and server (the data directory's owner). A one-shot command (the CLI's
// `settings set`) writes settings into the same store beside a running app or server; SQLite's
// data_version tells this connection that another one committed, and each settings reader then
// reloads its rows and applies what changed, so the change takes effect without a restart.
import type { Logger } from '../logging/logger';
import type { Db } from '../store/database';

/** A settings reader that caches: drops its cache, reads again and applies any difference. */
export interface SettingsReloader {
  reload(): void;
}

/** How often the owner looks; a CLI change applies within this long. */
export const SETTINGS_WATCH_MS = 1_000;

export interface SettingsWatch {
  stop(): void;
}

export function watchSettings(
  db: Db,
  readers: readonly SettingsReloader[],
  logger: Logger,
  everyMs = SETTINGS_WATCH_MS,
): SettingsWatch {
  // Only another connection's commit changes it: this process's own writes are already applied.
  const version = () => db.pragma('data_version', { simple: true }) as number;
  let seen = version();
  const timer = setInterval(() => {
    try {
      const now = version();
      if (now === seen) return;
      seen = now;
      for (const r of readers) r.reload();
    } catch (err) {
      logger.warn(`settings changed elsewhere could not be reloaded: ${String(err)}`);
    }
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
