// Runs in the main process, server and CLI. The op_intents table: written only through the
// journal, each change one statement (or inside the caller's transaction), never a secret.
import type { Db } from '../store/database';

export type IntentKind = 'rollback' | 'backup' | 'deploy' | 'move' | 'import' | 'attach';

export interface IntentRow {
  id: string;
  kind: IntentKind;
  /** What the operation changes: a tenant database's name, or a backup file's path. */
  target: string;
  step: string;
  state: 'running' | 'recovered';
  payload: Record<string, unknown>;
  message: string | null;
  /** The process that runs (or ran) the operation. */
  owner_pid: number;
  created_at: string;
  updated_at: string;
}

type Stored = Omit<IntentRow, 'payload'> & { payload: string };

const parse = (r: Stored): IntentRow => ({
  ...r,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
});
const now = () => new Date().toISOString();

export class IntentStore {
  constructor(readonly db: Db) {}

  insert(row: Pick<IntentRow, 'id' | 'kind' | 'target' | 'step' | 'payload'>): void {
    const at = now();
    this.db
      .prepare(
        `INSERT INTO op_intents (id, kind, target, step, state, payload, message, owner_pid, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'running', ?, NULL, ?, ?, ?)`,
      )
      .run(
        row.id,
        row.kind,
        row.target,
        row.step,
        JSON.stringify(row.payload),
        process.pid,
        at,
        at,
      );
  }

  setStep(id: string, step: string, payload: Record<string, unknown>): void {
    this.db
      .prepare('UPDATE op_intents SET step = ?, payload = ?, updated_at = ? WHERE id = ?')
      .run(step, JSON.stringify(payload), now(), id);
  }

  /** Recovery handled it: kept as the record of what was done. */
  setRecovered(id: string, message: string): void {
    this.db
      .prepare(
        "UPDATE op_intents SET state = 'recovered', message = ?, updated_at = ? WHERE id = ?",
      )
      .run(message, now(), id);
  }

  /** Recovery could not handle it yet: the row stays open with the reason. */
  setNote(id: string, message: string): void {
    this.db
      .prepare('UPDATE op_intents SET message = ?, updated_at = ? WHERE id = ?')
      .run(message, now(), id);
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM op_intents WHERE id = ?').run(id);
  }

  get(id: string): IntentRow | undefined {
    const r = this.db.prepare('SELECT * FROM op_intents WHERE id = ?').get(id) as
      Stored | undefined;
    return r ? parse(r) : undefined;
  }

  openOn(target: string): IntentRow | undefined {
    const r = this.db
      .prepare("SELECT * FROM op_intents WHERE target = ? AND state = 'running'")
      .get(target) as Stored | undefined;
    return r ? parse(r) : undefined;
  }

  open(kind?: IntentKind): IntentRow[] {
    const rows = (
      kind
        ? this.db
            .prepare(
              "SELECT * FROM op_intents WHERE state = 'running' AND kind = ? ORDER BY created_at",
            )
            .all(kind)
        : this.db
            .prepare("SELECT * FROM op_intents WHERE state = 'running' ORDER BY created_at")
            .all()
    ) as Stored[];
    return rows.map(parse);
  }

  /** The record of what recovery did, newest first. */
  recovered(kind?: IntentKind): IntentRow[] {
    const rows = this.db
      .prepare(
        "SELECT * FROM op_intents WHERE state = 'recovered' AND (? IS NULL OR kind = ?) ORDER BY updated_at DESC",
      )
      .all(kind ?? null, kind ?? null) as Stored[];
    return rows.map(parse);
  }

  /** Records of recoveries older than `days` go. */
  prune(days: number): void {
    const before = new Date(Date.now() - days * 86_400_000).toISOString();
    this.db
      .prepare("DELETE FROM op_intents WHERE state = 'recovered' AND updated_at < ?")
      .run(before);
  }

  /** A short random tag of this data directory, kept in settings: scratch names carry it. */
  instanceTag(make: () => string): string {
    const row = this.db.prepare("SELECT value FROM settings WHERE key = 'instance_tag'").get() as
      { value: string } | undefined;
    if (row) return row.value;
    const tag = make();
    this.db
      .prepare("INSERT OR IGNORE INTO settings (key, value) VALUES ('instance_tag', ?)")
      .run(tag);
    return this.instanceTag(make);
  }
}
