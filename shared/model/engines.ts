// Runs in every process. What every side needs to know about each database engine by name: its
// label, default port, URL schemes and the words its connection form uses. The engine's behaviour
// lives in main/core/engines/<type>/; adding an engine adds one entry here.

/** Engines that speak SQL through the core's DbClient. */
export const SQL_TYPES = ['postgresql', 'mysql'] as const;
/** Every engine a connection may have. */
export const ENGINE_TYPES = [...SQL_TYPES, 'redis'] as const;

export type SqlType = (typeof SQL_TYPES)[number];
export type EngineType = (typeof ENGINE_TYPES)[number];

export interface EngineInfo {
  /** As a sentence or a list names it. */
  label: string;
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
}

export const ENGINE_INFO: { readonly [T in EngineType]: EngineInfo } = {
  postgresql: {
    label: 'PostgreSQL',
    defaultPort: 5432,
    schemes: ['postgresql', 'postgres'],
    tlsSchemes: [],
    database: { label: 'Database', placeholder: 'postgres', default: 'postgres', inUrl: true },
    defaultUser: '',
    benchmarks: true,
    tenants: true,
  },
  mysql: {
    label: 'MySQL/MariaDB',
    defaultPort: 3306,
    schemes: ['mysql', 'mariadb'],
    tlsSchemes: [],
    database: { label: 'Database', placeholder: 'mysql', default: 'mysql', inUrl: true },
    defaultUser: '',
    benchmarks: true,
    tenants: true,
  },
  redis: {
    label: 'Redis',
    defaultPort: 6379,
    schemes: ['redis', 'rediss'],
    tlsSchemes: ['rediss'],
    database: { label: 'Database index', placeholder: '0', default: '0', inUrl: false },
    defaultUser: 'default',
    benchmarks: false,
    tenants: false,
  },
};

export const isSqlType = (t: EngineType): t is SqlType =>
  (SQL_TYPES as readonly string[]).includes(t);

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
