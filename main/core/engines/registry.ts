// Runs in the main process, server and CLI. The engines by type: the one place that knows every
// engine module. Adding an engine is its descriptor in shared/model/engines.ts (its type, labels
// and whether it speaks SQL) plus one line here; the mapped types make a missing line, or an SQL
// engine whose module is not an SqlEngine, a compile error.
import type { EngineType, SqlType } from '../../../shared/model/connection';
import { requireSql } from '../../../shared/model/connection';
import { ENGINE_TYPES, isSqlType, SQL_TYPES } from '../../../shared/model/engines';
import type { Engine, SqlEngine } from './engine';
import { mysql } from './mysql';
import { postgresql } from './postgresql';
import { redis } from './redis';

/** Each type's module, an SqlEngine for every SQL type. */
type Modules = { readonly [T in SqlType]: () => SqlEngine<T> } & {
  readonly [T in EngineType]: () => Engine<T>;
};

// Functions, not values: an engine module imports core code (tenants, tenant operations) that asks
// this registry, so the modules may still be loading when this one is; the lookup happens at call.
const MODULES: Modules = {
  postgresql: () => postgresql,
  mysql: () => mysql,
  redis: () => redis,
};

export const engineOf = (type: EngineType): Engine => MODULES[type]();

/** The SQL engine of a type that is known to be SQL (a DbClient's, a run's). */
export const sqlEngineOf = (type: SqlType): SqlEngine => MODULES[type]();

/** Every engine's module, in the descriptors' order. */
export const allEngines = (): Engine[] => ENGINE_TYPES.map(engineOf);

/** Every SQL engine's module. */
export const allSqlEngines = (): SqlEngine[] => SQL_TYPES.map(sqlEngineOf);

/** The SQL engine of any connection, or a clear "not supported for Redis yet" for `feature`. */
export function requireSqlEngine(type: EngineType, feature: string): SqlEngine {
  return sqlEngineOf(requireSql({ type }, feature).type);
}

export { isSqlType };
