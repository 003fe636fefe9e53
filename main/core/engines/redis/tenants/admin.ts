// Runs in the main process, server and CLI. One command across tenants, run as each tenant's own
// ACL user, so the server itself keeps each run inside that tenant's keys. The command is written
// with keys relative to a tenant (`GET user:1`); each key word gets the tenant's prefix. Unless
// writes are allowed, only commands the server flags neither `write` nor administrative run.
import type { Redis } from 'ioredis';
import { AppError } from '../../../../../shared/errors';
import type { EngineParams } from '../../../../../shared/model/connection';
import { mapLimit } from '../../../tenants/map-limit';
import { statementTimedOut } from '../../../tenants/timeout-error';
import { parseCommand } from './argv';
import {
  commandKeys,
  commandTraits,
  isUnconfinable,
  isWrite,
  keyPositions,
  rebase,
} from './commands';
import { replyRows, type Row } from './replies';
import { type RedisLogin, replyError, withRedis } from './session';

export interface AdminTarget {
  tenant_id: string;
  prefix: string;
  login: RedisLogin;
}

export interface AdminTenantResult {
  tenant_id: string;
  ok: boolean;
  rows: Row[];
  duration_ms: number;
  error: string | null;
}

export interface AdminCommandInput {
  params: EngineParams;
  command: string;
  targets: readonly AdminTarget[];
  allowWrites: boolean;
  parallelism: number;
  /** Each tenant's command is given this long; a blocked one is cut off by closing its session. */
  timeoutMs: number;
}

/** Reads what the command is (as the admin) and refuses a write unless writes are allowed. */
async function plan(admin: Redis, command: string, allowWrites: boolean) {
  const words = parseCommand(command.trim());
  const traits = await commandTraits(admin, words);
  if (!allowWrites && (isWrite(traits) || isUnconfinable(traits))) {
    throw new AppError(
      'BAD_INPUT',
      `${traits.name} changes data or the server; admin commands are read-only unless allow_writes is set.`,
    );
  }
  return { words, positions: keyPositions(words, await commandKeys(admin, words)) };
}

/**
 * `reply`, or TIMEOUT after `ms`: Redis has no per-command timeout, so the session is closed,
 * which ends a blocked command (BLPOP, XREAD BLOCK) on the server too.
 */
function withDeadline<T>(client: Redis, reply: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reply.catch(() => undefined);
      client.disconnect();
      reject(statementTimedOut(ms));
    }, ms);
  });
  return Promise.race([reply, late]).finally(() => clearTimeout(timer));
}

export async function adminCommand(o: AdminCommandInput): Promise<AdminTenantResult[]> {
  const { words, positions } = await withRedis(o.params, (admin) =>
    plan(admin, o.command, o.allowWrites),
  );
  return mapLimit(o.targets, o.parallelism, async (t) => {
    const started = performance.now();
    const [name, ...args] = rebase(words, positions, '', t.prefix);
    try {
      const reply = await withRedis(
        o.params,
        (c) => withDeadline(c, c.callBuffer(String(name), ...args), o.timeoutMs),
        t.login,
      );
      return {
        tenant_id: t.tenant_id,
        ok: true,
        rows: replyRows(reply),
        duration_ms: performance.now() - started,
        error: null,
      };
    } catch (err) {
      return {
        tenant_id: t.tenant_id,
        ok: false,
        rows: [],
        duration_ms: performance.now() - started,
        error: err instanceof AppError ? err.message : replyError(err),
      };
    }
  });
}
