// Runs in the main process, server and CLI. An import from a shared Redis database: a key pattern
// `<before>{tenant}<after>*` says where each tenant's keys are (`{tenant}:*`, `app:{tenant}:*`);
// a key `<before>acme<after>rest` becomes `rest` in tenant acme's key space. The survey counts
// keys per tenant and keys outside the pattern (SCAN, never KEYS) and tries DUMP as the source's
// user; the copy reuses the move's batches (DUMP/PTTL, RESTORE … REPLACE, TTLs kept); the check
// counts the tenant's source keys again and how many of them are on the target.
import type { Redis } from 'ioredis';
import { AppError } from '../../../../../shared/errors';
import { globLiteral } from './commands';
import { copyKeys } from './copy';
import { eachMatchBatch } from './keyspace';
import { replyError } from './session';

export interface KeyRoute {
  before: string;
  after: string;
}

export const DEFAULT_KEY_PATTERN = '{tenant}:*';

const GLOB = /[*?[\]\\]/;

/** Reads `<before>{tenant}<after>*`; BAD_INPUT names what is wrong with any other pattern. */
export function parseKeyPattern(pattern: string): KeyRoute {
  const at = pattern.indexOf('{tenant}');
  const rest = pattern.slice(at + '{tenant}'.length);
  const before = pattern.slice(0, Math.max(at, 0));
  const after = rest.endsWith('*') ? rest.slice(0, -1) : '';
  if (at < 0 || !rest.endsWith('*') || after === '' || GLOB.test(before) || GLOB.test(after)) {
    throw new AppError(
      'BAD_INPUT',
      `key_pattern must read <prefix>{tenant}<separator>* without other wildcards, e.g. '{tenant}:*' or 'app:{tenant}:*'; got '${pattern}'.`,
    );
  }
  return { before, after };
}

/** The tenant a key belongs to and its name inside the tenant, or null outside the pattern. */
export function routeKey(r: KeyRoute, key: Buffer): { tenant: string; rest: Buffer } | null {
  const before = Buffer.from(r.before);
  if (!key.subarray(0, before.length).equals(before)) return null;
  const end = key.indexOf(r.after, before.length);
  if (end <= before.length) return null;
  return {
    tenant: key.subarray(before.length, end).toString('utf8'),
    rest: key.subarray(end + Buffer.byteLength(r.after)),
  };
}

/** The glob of one tenant's keys in the source. */
const tenantMatch = (r: KeyRoute, tenant: string) =>
  `${globLiteral(`${r.before}${tenant}${r.after}`)}*`;

export interface KeySurvey {
  /** Keys per tenant id found in the pattern (valid or not as a tenant id). */
  perTenant: Map<string, number>;
  /** Keys the pattern does not cover. */
  outside: number;
  /** The server's answer when the source's user may not DUMP the keys, else null. */
  dumpDenied: string | null;
}

export async function surveyKeys(source: Redis, r: KeyRoute): Promise<KeySurvey> {
  const perTenant = new Map<string, number>();
  const seen = new Set<string>();
  let outside = 0;
  let sample: Buffer | null = null;
  try {
    await eachMatchBatch(source, '*', (keys) => {
      for (const k of keys) {
        const text = k.toString('latin1');
        if (seen.has(text)) continue;
        seen.add(text);
        const routed = routeKey(r, k);
        if (!routed) {
          outside++;
          continue;
        }
        sample ??= k;
        perTenant.set(routed.tenant, (perTenant.get(routed.tenant) ?? 0) + 1);
      }
      return Promise.resolve();
    });
  } catch (err) {
    throw new AppError('BAD_INPUT', `The source refused to list its keys: ${replyError(err)}`);
  }
  let dumpDenied: string | null = null;
  // ACL refuses a command (or a key) whether or not the key exists, so one DUMP tells.
  await source
    .dumpBuffer(sample ?? `${r.before}benchphant-probe${r.after}x`)
    .catch((err: unknown) => {
      dumpDenied = replyError(err);
    });
  return { perTenant, outside, dumpDenied };
}

/** Copies tenant `tenant`'s keys into `prefix` on the target; answers how many. */
export async function importTenantKeys(
  source: Redis,
  target: Redis,
  o: { route: KeyRoute; tenant: string; prefix: string; onProgress?: (n: number) => void },
): Promise<number> {
  const into = Buffer.from(o.prefix);
  const copied = await copyKeys({
    source,
    target,
    match: tenantMatch(o.route, o.tenant),
    rename: (k) => {
      const routed = routeKey(o.route, k);
      return routed?.tenant === o.tenant ? Buffer.concat([into, routed.rest]) : null;
    },
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  return copied.keys;
}

/** The tenant's keys in the source now, and how many of them its key space holds. */
export async function checkTenantKeys(
  source: Redis,
  target: Redis,
  o: { route: KeyRoute; tenant: string; prefix: string },
): Promise<{ source: number; target: number }> {
  const seen = new Set<string>();
  let there = 0;
  await eachMatchBatch(source, tenantMatch(o.route, o.tenant), async (keys) => {
    const names = keys.flatMap((k) => {
      const routed = routeKey(o.route, k);
      const text = k.toString('latin1');
      if (routed?.tenant !== o.tenant || seen.has(text)) return [];
      seen.add(text);
      return [Buffer.concat([Buffer.from(o.prefix), routed.rest])];
    });
    if (names.length === 0) return;
    const pipe = target.pipeline();
    for (const n of names) pipe.exists(n);
    for (const [, n] of (await pipe.exec()) ?? []) there += Number(n);
  });
  return { source: seen.size, target: there };
}
