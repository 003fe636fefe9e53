// Runs in every process. What every side needs to know about each database engine by name: its
// label, default port, URL schemes and the words its connection form uses. The engine's behaviour
// lives in main/core/engines/<type>/; adding an engine adds one entry here.

export interface EngineInfo {
  /** As a sentence, a list or a picker names it. */
  label: string;
  /** The two letters of a connection card's engine badge. */
  badge: string;
  defaultPort: number;
  /** URL schemes (without the colon) that name this engine; the first is the one written. */
  schemes: readonly string[];
  /** Schemes among those that mean TLS is required (`rediss`). */
  tlsSchemes: readonly string[];
  /** What the connection's `database` field holds; `inUrl`: whether a URL must name it. */
  database: { label: string; placeholder: string; default: string; inUrl: boolean };
  /** The user the form proposes (Redis ACL's `default`); empty when there is none to propose. */
  defaultUser: string;
  /** Whether benchmarks and tenants run on it today. */
  benchmarks: boolean;
  tenants: boolean;
  /** The TenantsDB `database` option that means this engine (tenantsdb-api.md: `PostgreSQL`…). */
  tenantsName: string;
  /** How it speaks SQL through the core's DbClient, or null for an engine that does not. */
  sql: SqlInfo | null;
}

export interface SqlInfo {
  /** What holds the benchmark tables: a schema, or a database of their own (MySQL). */
  benchPlace: 'schema' | 'database';
  /** How bind parameters are written: `$1` or `?`. */
  placeholders: 'numbered' | 'question';
}

/**
 * The engines, in the order pickers list them. This object is the shared half of the engine
 * registry: every type, label and list of engines derives from it, and the core's registry
 * (main/core/engines/registry.ts) must map each of its keys to a module or fail to compile.
 */
const ENGINES = {
  postgresql: {
    label: 'PostgreSQL',
    badge: 'Pg',
    defaultPort: 5432,
    schemes: ['postgresql', 'postgres'],
    tlsSchemes: [],
    database: { label: 'Database', placeholder: 'postgres', default: 'postgres', inUrl: true },
    defaultUser: '',
    benchmarks: true,
    tenants: true,
    tenantsName: 'PostgreSQL',
    sql: { benchPlace: 'schema', placeholders: 'numbered' },
  },
  mysql: {
    label: 'MySQL/MariaDB',
    badge: 'My',
    defaultPort: 3306,
    schemes: ['mysql', 'mariadb'],
    tlsSchemes: [],
    database: { label: 'Database', placeholder: 'mysql', default: 'mysql', inUrl: true },
    defaultUser: '',
    benchmarks: true,
    tenants: true,
    tenantsName: 'MySQL',
    sql: { benchPlace: 'database', placeholders: 'question' },
  },
  redis: {
    label: 'Redis',
    badge: 'Rd',
    defaultPort: 6379,
    schemes: ['redis', 'rediss'],
    tlsSchemes: ['rediss'],
    database: { label: 'Database index', placeholder: '0', default: '0', inUrl: false },
    defaultUser: 'default',
    benchmarks: false,
    tenants: false,
    tenantsName: 'Redis',
    sql: null,
  },
} as const satisfies Record<string, EngineInfo>;

type Engines = typeof ENGINES;
export type EngineType = keyof Engines;
/** Engines that speak SQL through the core's DbClient: those whose `sql` is not null. */
export type SqlType = { [T in EngineType]: Engines[T]['sql'] extends null ? never : T }[EngineType];
/** The TenantsDB names of the engines' databases. */
export type DatabaseType = Engines[EngineType]['tenantsName'];

export const ENGINE_INFO: { readonly [T in EngineType]: EngineInfo } = ENGINES;

type NonEmpty<T> = readonly [T, ...T[]];
const nonEmpty = <T>(list: readonly T[]): NonEmpty<T> => {
  if (list.length === 0) throw new Error('no engine');
  return list as NonEmpty<T>;
};

/** Every engine a connection may have. */
export const ENGINE_TYPES: NonEmpty<EngineType> = nonEmpty(Object.keys(ENGINES) as EngineType[]);
/** Engines that speak SQL through the core's DbClient. */
export const SQL_TYPES: NonEmpty<SqlType> = nonEmpty(
  ENGINE_TYPES.filter((t): t is SqlType => ENGINE_INFO[t].sql !== null),
);
/** The TenantsDB `database` options, in the engines' order. */
export const DATABASE_TYPES: NonEmpty<DatabaseType> = nonEmpty(
  ENGINE_TYPES.map((t) => ENGINES[t].tenantsName),
);
/** The SQL side of an SQL engine (its bench place, its placeholders). */
export const sqlInfo = (t: SqlType): SqlInfo => ENGINES[t].sql;

export const isSqlType = (t: EngineType): t is SqlType => ENGINE_INFO[t].sql !== null;

/** The sentence a feature answers on an engine that does not have it yet. */
export const notSupported = (feature: string, type: EngineType): string =>
  `${feature} are not supported for ${ENGINE_INFO[type].label} yet.`;

/**
 * A choice that must be made for every engine: a value per engine type, so adding an engine to
 * ENGINE_TYPES fails to compile until every such table has its entry.
 */
export function perEngine<T>(type: EngineType, choices: { readonly [K in EngineType]: T }): T {
  return choices[type];
}

/** The `default` branch of a `switch` over an engine type: unreachable while every case is handled. */
export function unknownEngine(type: never): never {
  throw new Error(`unknown engine ${String(type)}`);
}
