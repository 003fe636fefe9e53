// Runs in the main process, server and CLI. The engines by type: the one place that knows every
// engine module. Adding an engine is its module plus one line here (and one in SQL_ENGINES when
// it speaks SQL); the mapped types make a missing line a compile error.
import { type EngineType, type SqlType, requireSql } from '../../../shared/model/connection';
import { isSqlType } from '../../../shared/model/engines';
import type { Engine, SqlEngine } from './engine';
import { mysql } from './mysql';
import { postgresql } from './postgresql';
import { redis } from './redis';

// Getters, not values: an engine module imports core code (tenants, tenant operations) that asks
// this registry, so the modules may still be loading when this one is; the lookup happens at call.
export const SQL_ENGINES: { readonly [T in SqlType]: SqlEngine<T> } = {
  get postgresql() {
    return postgresql;
  },
  get mysql() {
    return mysql;
  },
};

export const ENGINES: { readonly [T in EngineType]: Engine<T> } = {
  get postgresql() {
    return postgresql;
  },
  get mysql() {
    return mysql;
  },
  get redis() {
    return redis;
  },
};

export const engineOf = (type: EngineType): Engine => ENGINES[type];

/** The SQL engine of a type that is known to be SQL (a DbClient's, a run's). */
export const sqlEngineOf = (type: SqlType): SqlEngine => SQL_ENGINES[type];

/** The SQL engine of any connection, or a clear "not supported for Redis yet" for `feature`. */
export function requireSqlEngine(type: EngineType, feature: string): SqlEngine {
  return SQL_ENGINES[requireSql({ type }, feature).type];
}

export { isSqlType };
