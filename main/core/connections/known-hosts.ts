// Runs in the main process, server and CLI. SSH host keys in OpenSSH's known_hosts format:
// Benchphant's own file (written when the user accepts a key) plus the user's ~/.ssh/known_hosts
// (read only). A key never gets accepted silently, and a changed key is never overwritten.
import { createHash, createHmac } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { HostKey } from '../../../shared/model/connection';

export type HostKeyVerdict =
  | { status: 'known' }
  | { status: 'unknown' }
  /** The host is recorded with another key of the same type: possibly a man in the middle. */
  | { status: 'changed'; file: string; line: number }
  | { status: 'revoked'; file: string; line: number };

interface Entry {
  file: string;
  line: number;
  marker: '' | '@revoked' | '@cert-authority';
  hosts: string;
  keyType: string;
  key: string;
}

/** `SHA256:…` of a public key blob, as `ssh-keygen -l` prints it. */
export const fingerprintOf = (blob: Buffer): string =>
  `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;

/** The key type named inside a public key blob (its first SSH string). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + len).toString('latin1');
}

export function describeHostKey(host: string, port: number, blob: Buffer): HostKey {
  return {
    host,
    port,
    key_type: keyTypeOf(blob),
    key: blob.toString('base64'),
    fingerprint: fingerprintOf(blob),
  };
}

/** How known_hosts names a host: `host` on port 22, `[host]:port` otherwise. */
const hostToken = (host: string, port: number) => (port === 22 ? host : `[${host}]:${port}`);

const globToRegExp = (glob: string) =>
  new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );

function patternMatches(pattern: string, token: string): boolean {
  // Hashed entry: |1|base64(salt)|base64(HMAC-SHA1(salt, token)).
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (!salt || !hash) return false;
    const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(token).digest('base64');
    return mac === hash;
  }
  return globToRegExp(pattern).test(token);
}

/** OpenSSH semantics: any negated pattern that matches excludes the host. */
function hostsMatch(hosts: string, token: string): boolean {
  let matched = false;
  for (const p of hosts.split(',')) {
    if (p.startsWith('!')) {
      if (patternMatches(p.slice(1), token)) return false;
    } else if (patternMatches(p, token)) matched = true;
  }
  return matched;
}

function parse(file: string, text: string): Entry[] {
  const entries: Entry[] = [];
  text.split('\n').forEach((raw, i) => {
    const fields = raw.trim().split(/\s+/);
    if (!fields[0] || fields[0].startsWith('#')) return;
    const marker = fields[0] === '@revoked' || fields[0] === '@cert-authority' ? fields[0] : '';
    const [hosts, keyType, key] = marker ? fields.slice(1) : fields;
    if (hosts && keyType && key) entries.push({ file, line: i + 1, marker, hosts, keyType, key });
  });
  return entries;
}

async function readEntries(file: string): Promise<Entry[]> {
  try {
    return parse(file, await readFile(file, 'utf8'));
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return [];
    throw err;
  }
}

export class KnownHosts {
  /**
   * @param ownFile written by accept(); checked first.
   * @param userFiles read only (~/.ssh/known_hosts), re-read on every check so edits apply at once.
   */
  constructor(
    readonly ownFile: string,
    private readonly userFiles: () => string[],
  ) {}

  private async entries(): Promise<Entry[]> {
    const all = await Promise.all([this.ownFile, ...this.userFiles()].map(readEntries));
    return all.flat();
  }

  async check(host: string, port: number, blob: Buffer): Promise<HostKeyVerdict> {
    const token = hostToken(host, port);
    const keyType = keyTypeOf(blob);
    const key = blob.toString('base64');
    const matching = (await this.entries()).filter((e) => hostsMatch(e.hosts, token));
    const revoked = matching.find((e) => e.marker === '@revoked' && e.key === key);
    if (revoked) return { status: 'revoked', file: revoked.file, line: revoked.line };
    const plain = matching.filter((e) => e.marker === '');
    if (plain.some((e) => e.keyType === keyType && e.key === key)) return { status: 'known' };
    // Only a different key of the same type means "changed"; a first key of a new type is unknown.
    const other = plain.find((e) => e.keyType === keyType);
    if (other) return { status: 'changed', file: other.file, line: other.line };
    return { status: 'unknown' };
  }

  /** Records a key the user has seen and accepted; refuses to replace a different one. */
  async accept(hostKey: HostKey): Promise<void> {
    const blob = Buffer.from(hostKey.key, 'base64');
    if (fingerprintOf(blob) !== hostKey.fingerprint || keyTypeOf(blob) !== hostKey.key_type) {
      throw new AppError(
        'BAD_INPUT',
        'The host key does not match its fingerprint or type. Test the connection again and accept the key it shows.',
      );
    }
    const verdict = await this.check(hostKey.host, hostKey.port, blob);
    if (verdict.status === 'known') return;
    if (verdict.status !== 'unknown') {
      throw new AppError(
        'REFUSED',
        `${hostToken(hostKey.host, hostKey.port)} is recorded with another ${hostKey.key_type} key (${verdict.file}, line ${verdict.line}). Benchphant never replaces a recorded key: if the server's key really changed, remove that line first.`,
      );
    }
    await mkdir(dirname(this.ownFile), { recursive: true });
    await appendFile(
      this.ownFile,
      `${hostToken(hostKey.host, hostKey.port)} ${hostKey.key_type} ${hostKey.key}\n`,
      { mode: 0o600 },
    );
  }
}
