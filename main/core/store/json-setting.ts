// Runs in the main process, server and CLI. One JSON value per key in the `settings` table: the
// one way every settings store reads and writes it, so none parses or upserts on its own.
import type { Db } from './database';

/** The stored value, parsed; undefined when the key is absent or its text is not JSON. */
export function readJsonSetting(db: Db, key: string): unknown {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
    { value: string } | undefined;
  if (!row) return undefined;
  try {
    return JSON.parse(row.value) as unknown;
  } catch {
    return undefined;
  }
}

export function writeJsonSetting(db: Db, key: string, value: unknown): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(value));
}
