// Runs in the main process, server and CLI. Saved benchmark profiles in SQLite. The settings are
// re-validated when read: a file written by an older version must not reach the engine unchecked.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import {
  type Profile,
  type ProfileConfig,
  profileConfigSchema,
} from '../../../shared/contract/profiles';
import type { Db } from '../store/database';

interface Row {
  id: string;
  name: string;
  description: string;
  config: string;
  created_at: string;
  updated_at: string;
}

export interface ProfileDraft {
  name: string;
  description: string;
  config: ProfileConfig;
  replace: boolean;
}

export class ProfileStore {
  constructor(private readonly db: Db) {}

  list(): Profile[] {
    const rows = this.db
      .prepare('SELECT * FROM bench_profiles ORDER BY name COLLATE NOCASE')
      .all() as Row[];
    return rows.map(toProfile);
  }

  /** The profile of that name, case-insensitively, or a NOT_FOUND naming the ones that exist. */
  byName(name: string): Profile {
    const row = this.db
      .prepare('SELECT * FROM bench_profiles WHERE name = ? COLLATE NOCASE')
      .get(name.trim()) as Row | undefined;
    if (row) return toProfile(row);
    const names = this.list().map((p) => p.name);
    throw new AppError(
      'NOT_FOUND',
      `No benchmark profile named '${name}'. ${names.length ? `Saved profiles: ${names.join(', ')}.` : 'None is saved yet: save one from the New run form.'}`,
    );
  }

  save(draft: ProfileDraft): Profile {
    const now = new Date().toISOString();
    const existing = this.db
      .prepare('SELECT * FROM bench_profiles WHERE name = ? COLLATE NOCASE')
      .get(draft.name) as Row | undefined;
    if (existing && !draft.replace) {
      throw new AppError(
        'CONFLICT',
        `A profile named '${existing.name}' already exists. Choose another name, or replace it.`,
      );
    }
    const config = JSON.stringify(draft.config);
    if (existing) {
      this.db
        .prepare(
          'UPDATE bench_profiles SET name = ?, description = ?, config = ?, updated_at = ? WHERE id = ?',
        )
        .run(draft.name, draft.description, config, now, existing.id);
      return this.get(existing.id);
    }
    const id = randomUUID();
    this.db
      .prepare(
        'INSERT INTO bench_profiles (id, name, description, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(id, draft.name, draft.description, config, now, now);
    return this.get(id);
  }

  delete(id: string): string {
    const profile = this.get(id);
    this.db.prepare('DELETE FROM bench_profiles WHERE id = ?').run(id);
    return profile.name;
  }

  private get(id: string): Profile {
    const row = this.db.prepare('SELECT * FROM bench_profiles WHERE id = ?').get(id) as
      Row | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No benchmark profile with id ${id}.`);
    return toProfile(row);
  }
}

function toProfile(r: Row): Profile {
  const parsed = profileConfigSchema.safeParse(JSON.parse(r.config));
  if (!parsed.success) {
    throw new AppError(
      'INTERNAL',
      `The saved profile '${r.name}' no longer matches this version's settings (${parsed.error.issues[0]?.message ?? 'invalid'}). Delete it and save it again.`,
    );
  }
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    config: parsed.data,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}
