// Runs in the renderer. The SSH part of the connection form: its values, their translation to the
// contract's `ssh` input, and what counts as "unchanged" next to the saved settings.
import type {
  SshAuthMethod,
  SshHop,
  SshInput,
  SshSettings,
} from '../../../../shared/model/connection';

export interface HopValues {
  host: string;
  /** Empty: from ~/.ssh/config, else 22. */
  port: string;
  /** Empty: from ~/.ssh/config, else the local user. */
  user: string;
  auth: SshAuthMethod;
  keyFile: string;
  /** Write-only password or key passphrase; on edit, empty keeps the saved one. */
  secret: string;
  /** Whether one is saved (edit only), for the placeholder. */
  hasSecret: boolean;
}

export interface SshValues extends HopValues {
  enabled: boolean;
  /** In dialling order: the first one is reached directly. */
  jumps: HopValues[];
}

export const emptyHop = (): HopValues => ({
  host: '',
  port: '',
  user: '',
  auth: 'agent',
  keyFile: '',
  secret: '',
  hasSecret: false,
});

export const emptySsh = (): SshValues => ({ ...emptyHop(), enabled: false, jumps: [] });

const hopValues = (h: SshHop): HopValues => ({
  host: h.host,
  port: h.port === undefined ? '' : String(h.port),
  user: h.user ?? '',
  auth: h.auth,
  keyFile: h.key_file ?? '',
  secret: '',
  hasSecret: h.has_secret,
});

export const sshFromConnection = (ssh: SshSettings | null | undefined): SshValues =>
  ssh ? { ...hopValues(ssh), enabled: true, jumps: ssh.jumps.map(hopValues) } : emptySsh();

type HopShape = Omit<SshInput['jumps'][number], 'port'> & { port?: number };

// The same key order from the form and from the saved settings, so JSON comparison works.
const hopShape = (h: {
  host: string;
  port?: number | undefined;
  user?: string | undefined;
  auth: SshAuthMethod;
  key_file?: string | undefined;
}): HopShape => ({
  host: h.host.trim(),
  ...(h.port === undefined ? {} : { port: h.port }),
  ...(h.user?.trim() ? { user: h.user.trim() } : {}),
  auth: h.auth,
  ...(h.auth === 'key' && h.key_file?.trim() ? { key_file: h.key_file.trim() } : {}),
});

// An empty port box is "absent" (ssh config or 22); anything else goes to the schema as typed.
const portOf = (text: string) => (text.trim() === '' ? undefined : Number(text));

const hopInput = (h: HopValues) => ({
  ...hopShape({
    host: h.host,
    port: portOf(h.port),
    user: h.user,
    auth: h.auth,
    key_file: h.keyFile,
  }),
  ...(h.auth !== 'agent' && h.secret ? { secret: h.secret } : {}),
});

/** The contract's `ssh` input: null when the connection goes direct. */
export function sshInputOf(s: SshValues): SshInput | null {
  if (!s.enabled) return null;
  return { ...hopInput(s), jumps: s.jumps.map(hopInput) };
}

/** Settings without secrets, comparable between the form and a saved connection. */
export function sshShapeOf(s: SshValues): string {
  if (!s.enabled) return 'null';
  const shape = (h: HopValues) =>
    hopShape({
      host: h.host,
      port: portOf(h.port),
      user: h.user,
      auth: h.auth,
      key_file: h.keyFile,
    });
  return JSON.stringify({ ...shape(s), jumps: s.jumps.map(shape) });
}

export function savedSshShape(ssh: SshSettings | null | undefined): string {
  if (!ssh) return 'null';
  return JSON.stringify({ ...hopShape(ssh), jumps: ssh.jumps.map(hopShape) });
}

export const typedSshSecret = (s: SshValues): boolean =>
  s.enabled && [s, ...s.jumps].some((h) => h.auth !== 'agent' && h.secret !== '');

/** "Jump host 2: …" or "SSH server: …" for a problem at `path` inside `ssh`. */
export function sshProblem(path: readonly PropertyKey[], message: string): string {
  const [, where, index] = path;
  const hop =
    where === 'jumps' && typeof index === 'number' ? `Jump host ${index + 1}` : 'SSH server';
  return `${hop}: ${message}`;
}
