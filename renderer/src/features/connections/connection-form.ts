// Runs in the renderer. The connection form's values and their translation to contract input;
// validation is the shared zod schemas themselves, so the form and the core never disagree.
import type { z } from 'zod';
import {
  type Connection,
  connectionCreateSchema,
  connectionParamsSchema,
  connectionPatchSchema,
  DEFAULT_PORTS,
  type EngineType,
  endpointChanged,
  type Environment,
  type TlsMode,
} from '../../../../shared/model/connection';
import { ENGINE_INFO } from '../../../../shared/model/engines';
import {
  emptySsh,
  savedSshShape,
  sshFromConnection,
  sshInputOf,
  sshProblem,
  sshShapeOf,
  type SshValues,
  typedSshSecret,
} from './ssh-form';

export interface FormValues {
  name: string;
  type: EngineType;
  host: string;
  port: string;
  database: string;
  username: string;
  /** Write-only: on edit, empty means "keep the saved password". */
  password: string;
  clearPassword: boolean;
  environment: Environment;
  description: string;
  /** Comma-separated. */
  tags: string;
  isActive: boolean;
  tlsMode: TlsMode;
  caFile: string;
  certFile: string;
  keyFile: string;
  /** Write-only passphrase of the client key; on edit, empty keeps the saved one. */
  keyPassphrase: string;
  ssh: SshValues;
  /** SSH used only to read the server host's metrics (when the connection itself is direct). */
  monitorSsh: SshValues;
}

export type FieldName = keyof FormValues;
export type FieldErrors = Partial<Record<FieldName, string>>;

export const emptyForm = (): FormValues => ({
  name: '',
  type: 'postgresql',
  host: 'localhost',
  port: String(DEFAULT_PORTS.postgresql),
  database: '',
  username: '',
  password: '',
  clearPassword: false,
  environment: 'development',
  description: '',
  tags: '',
  isActive: true,
  tlsMode: 'prefer',
  caFile: '',
  certFile: '',
  keyFile: '',
  keyPassphrase: '',
  ssh: emptySsh(),
  monitorSsh: emptySsh(),
});

export const fromConnection = (c: Connection): FormValues => ({
  name: c.name,
  type: c.type,
  host: c.host,
  port: String(c.port),
  database: c.database,
  username: c.username,
  password: '',
  clearPassword: false,
  environment: c.environment,
  description: c.description,
  tags: c.tags.join(', '),
  isActive: c.is_active,
  tlsMode: c.tls.mode,
  caFile: c.tls.ca_file ?? '',
  certFile: c.tls.cert_file ?? '',
  keyFile: c.tls.key_file ?? '',
  keyPassphrase: '',
  ssh: sshFromConnection(c.ssh),
  monitorSsh: sshFromConnection(c.monitor_ssh),
});

/**
 * Switching type moves the port, the database and the user along when they still hold the old
 * type's default (or nothing): a Redis connection proposes database 0 and the `default` user.
 */
export function withType(v: FormValues, type: EngineType): FormValues {
  const before = ENGINE_INFO[v.type];
  const after = ENGINE_INFO[type];
  const keep = (value: string, old: string, next: string) =>
    value.trim() === '' || value.trim() === old ? next : value;
  return {
    ...v,
    type,
    port: keep(v.port, String(DEFAULT_PORTS[v.type]), String(DEFAULT_PORTS[type])),
    database: keep(
      v.database,
      before.database.inUrl ? '' : before.database.default,
      after.database.inUrl ? '' : after.database.default,
    ),
    username: keep(v.username, before.defaultUser, after.defaultUser),
  };
}

export const parseTags = (text: string): string[] =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');

// An empty port box is "missing", not zero; anything else goes to the schema as typed.
const portValue = (text: string): number | undefined =>
  text.trim() === '' ? undefined : Number(text);

const tlsOf = (v: FormValues) => ({
  mode: v.tlsMode,
  ...(v.caFile.trim() ? { ca_file: v.caFile } : {}),
  ...(v.certFile.trim() ? { cert_file: v.certFile } : {}),
  ...(v.keyFile.trim() ? { key_file: v.keyFile } : {}),
});

// The saved TLS settings in the form's key order, for comparison.
const savedTls = (c: Connection) => ({
  mode: c.tls.mode,
  ...(c.tls.ca_file ? { ca_file: c.tls.ca_file } : {}),
  ...(c.tls.cert_file ? { cert_file: c.tls.cert_file } : {}),
  ...(c.tls.key_file ? { key_file: c.tls.key_file } : {}),
});

function rawParams(v: FormValues) {
  return {
    type: v.type,
    host: v.host,
    port: portValue(v.port),
    database: v.database,
    username: v.username,
    tls: tlsOf(v),
    ...(v.ssh.enabled ? { ssh: sshInputOf(v.ssh) } : {}),
  };
}

/** The secrets typed into the form (the password aside), for create, patch and test alike. */
const typedSecrets = (v: FormValues) => ({
  ...(v.keyPassphrase ? { tls_key_passphrase: v.keyPassphrase } : {}),
});

const FIELD_OF_KEY: Record<string, FieldName> = {
  name: 'name',
  type: 'type',
  host: 'host',
  port: 'port',
  database: 'database',
  username: 'username',
  password: 'password',
  environment: 'environment',
  description: 'description',
  tags: 'tags',
  is_active: 'isActive',
  tls_key_passphrase: 'keyPassphrase',
  ssh: 'ssh',
  monitor_ssh: 'monitorSsh',
};

const TLS_FIELDS: Record<string, FieldName> = {
  ca_file: 'caFile',
  cert_file: 'certFile',
  key_file: 'keyFile',
};

const sentence = (s: string) =>
  s.charAt(0).toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? '' : '.');

/** The first problem of each field, as a sentence to show next to it. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const [head, sub] = issue.path.map(String);
    const field = head === 'tls' ? (TLS_FIELDS[sub ?? ''] ?? 'tlsMode') : FIELD_OF_KEY[head ?? ''];
    const message =
      head === 'ssh' || head === 'monitor_ssh'
        ? sshProblem(issue.path, issue.message)
        : issue.message;
    if (field && !out[field]) out[field] = sentence(message);
  }
  return out;
}

type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

function check<S extends z.ZodType>(schema: S, raw: unknown): Checked<z.input<S>> {
  const parsed = schema.safeParse(raw);
  // The raw object is what goes over the wire: the core parses it again and applies defaults.
  return parsed.success
    ? { ok: true, value: raw as z.input<S> }
    : { ok: false, errors: fieldErrors(parsed.error) };
}

export function toCreateInput(v: FormValues): Checked<z.input<typeof connectionCreateSchema>> {
  return check(connectionCreateSchema, {
    ...rawParams(v),
    name: v.name,
    ...(v.password ? { password: v.password } : {}),
    ...typedSecrets(v),
    environment: v.environment,
    description: v.description,
    tags: parseTags(v.tags),
    is_active: v.isActive,
    ...(monitorOf(v) ? { monitor_ssh: monitorOf(v) } : {}),
  });
}

/** The monitoring-only SSH input: only for a direct connection (a tunnel's session serves both). */
const monitorOf = (v: FormValues) => (v.ssh.enabled ? null : sshInputOf(v.monitorSsh));

/** Only what changed, plus the password when one was typed or clearing was asked for. */
export function toPatch(
  original: Connection,
  v: FormValues,
): Checked<z.input<typeof connectionPatchSchema>> {
  const next = {
    ...rawParams(v),
    name: v.name,
    environment: v.environment,
    description: v.description,
    tags: parseTags(v.tags),
    is_active: v.isActive,
  };
  const before: Record<string, unknown> = {
    type: original.type,
    host: original.host,
    port: original.port,
    database: original.database,
    username: original.username,
    tls: savedTls(original),
    name: original.name,
    environment: original.environment,
    description: original.description,
    tags: original.tags,
    is_active: original.is_active,
  };
  const { ssh: _ssh, ...rest } = next;
  const patch: Record<string, unknown> = Object.fromEntries(
    Object.entries(rest).filter(
      ([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key]),
    ),
  );
  // Hops without a typed secret keep the saved one, so unchanged settings need not be sent.
  if (sshShapeOf(v.ssh) !== savedSshShape(original.ssh) || typedSshSecret(v.ssh))
    patch.ssh = sshInputOf(v.ssh);
  const monitor = monitorOf(v);
  const monitorShape = monitor ? sshShapeOf(v.monitorSsh) : 'null';
  if (
    monitorShape !== savedSshShape(original.monitor_ssh) ||
    (monitor && typedSshSecret(v.monitorSsh))
  )
    patch.monitor_ssh = monitor;
  Object.assign(patch, typedSecrets(v));
  if (v.password) patch.password = v.password;
  else if (v.clearPassword) patch.password = '';
  // Validate the whole form, not just the changes, so every field shows its problem.
  const whole = check(connectionPatchSchema, {
    ...next,
    ...(monitor ? { monitor_ssh: monitor } : {}),
    ...typedSecrets(v),
    ...(v.password ? { password: v.password } : {}),
  });
  return whole.ok ? check(connectionPatchSchema, patch) : whole;
}

export function toTestParams(v: FormValues): Checked<z.input<typeof connectionParamsSchema>> {
  return check(connectionParamsSchema, {
    ...rawParams(v),
    ...typedSecrets(v),
    ...(v.password ? { password: v.password } : {}),
  });
}

/** Whether the connection-relevant fields still match the saved connection (then its saved secrets and tunnel can be used). */
export function sameParams(original: Connection, v: FormValues): boolean {
  const r = rawParams(v);
  return (
    r.type === original.type &&
    r.host.trim() === original.host &&
    r.port === original.port &&
    r.database.trim() === original.database &&
    r.username.trim() === original.username &&
    JSON.stringify(r.tls) === JSON.stringify(savedTls(original)) &&
    !v.keyPassphrase &&
    sshShapeOf(v.ssh) === savedSshShape(original.ssh) &&
    !typedSshSecret(v.ssh)
  );
}

/**
 * Whether the form would send the saved password to another address (type, host, port or TLS
 * mode changed, no new password typed, not cleared): the user must say so first.
 */
export function movesSavedPassword(original: Connection, v: FormValues): boolean {
  if (!original.has_password || v.password || v.clearPassword) return false;
  const r = rawParams(v);
  return endpointChanged(original, { type: r.type, host: r.host, port: r.port, tls: r.tls });
}

/** `host:port` as the user reads an address. */
export const addressOf = (e: { host: string; port: number | string }) =>
  `${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}`;
