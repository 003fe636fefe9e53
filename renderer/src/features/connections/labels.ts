// Runs in the renderer. The words the connections screen uses for the model's enum values.
import type {
  DbType,
  EngineType,
  Environment,
  SshAuthMethod,
  TlsMode,
} from '../../../../shared/model/connection';
import type { AppInfo } from '../../../../shared/contract/sandbox';
import { ENGINE_INFO, ENGINE_TYPES, sqlInfo } from '../../../../shared/model/engines';

/** Each engine's name and badge letters come from its descriptor (shared/model/engines.ts). */
const byEngine = <T>(pick: (t: EngineType) => T) =>
  Object.fromEntries(ENGINE_TYPES.map((t) => [t, pick(t)])) as Record<EngineType, T>;

export const TYPE_LABELS = byEngine((t) => ENGINE_INFO[t].label);

/** The two letters of a connection card's engine badge. */
export const TYPE_BADGES = byEngine((t) => ENGINE_INFO[t].badge);

/** What holds the benchmark tables on an SQL engine. */
export const benchPlace = (t: DbType): 'schema' | 'database' => sqlInfo(t).benchPlace;

export const ENVIRONMENT_LABELS: Record<Environment, string> = {
  production: 'Production',
  staging: 'Staging',
  development: 'Development',
  test: 'Test',
};

export const TLS_LABELS: Record<TlsMode, string> = {
  disable: 'Disable — never use TLS',
  prefer: 'Prefer — use TLS when the server offers it',
  require: 'Require — fail without TLS (certificate not checked)',
  'verify-full': 'Verify full — TLS with a checked certificate and host name',
};

export const SSH_AUTH_LABELS: Record<SshAuthMethod, string> = {
  agent: 'SSH agent (SSH_AUTH_SOCK)',
  key: 'Private key file',
  password: 'Password',
};

export const SECRET_STORE_LABELS: Record<AppInfo['secret_store'], string> = {
  keychain: 'OS keychain',
  'encrypted-file': 'Encrypted file (BENCHPHANT_MASTER_KEY)',
  memory: 'Memory only (forgotten on exit)',
  none: 'None: passwords cannot be saved',
};

/** Where a saved password lives, to finish "removes its saved password from the …". */
export const SECRET_STORE_PLACES: Record<AppInfo['secret_store'], string> = {
  keychain: 'OS keychain',
  'encrypted-file': 'encrypted secrets file',
  memory: 'in-memory store',
  none: 'secret store',
};
