// Runs in the main process, server and CLI. Redis tenants behind the engine's KeyspaceTenancy
// facet: a database name (`<workspace>_dev`, `<blueprint>__<tenant>`) is the key space of that
// name plus ':', and a role is the tenant's ACL user. See the sibling modules for each part.
import { z } from 'zod';
import { AppError } from '../../../../../shared/errors';
import type { Redis } from 'ioredis';
import type { EngineParams } from '../../../../../shared/model/connection';
import type { KeyspaceImportTenant, KeyspaceTenancy } from '../../keyspace-tenancy';
import { userSessions } from './acl';
import { adminCommand } from './admin';
import { dumpKeyspace, finishRestore, restoreKeyspace } from './backup';
import { runConsoleCommand, runInverse } from './console';
import { countKeys, unlinkAll } from './keyspace';
import { keyspaceSize } from './metrics';
import { migrateKeyspace, tenantState } from './migrator';
import { copyTenantKeys } from './move';
import {
  checkTenantKeys,
  DEFAULT_KEY_PATTERN,
  importTenantKeys,
  parseKeyPattern,
  surveyKeys,
} from './import';
import { prefixOf, versionsKey } from './names';
import { withRedis } from './session';
import { sweepMigrationUsers, sweepScratch } from './sweep';
import {
  createTenantKeyspace,
  dropTenantKeyspace,
  keyspaceExists,
  restoreUsers,
  resumeTenant,
  suspendTenant,
} from './tenant';

/** Each server's admin session, the source's first. */
const bothAdmins = <T>(
  source: EngineParams,
  target: EngineParams,
  fn: (from: Redis, to: Redis) => Promise<T>,
) => withRedis(source, (from) => withRedis(target, (to) => fn(from, to)));

const importing = (o: KeyspaceImportTenant) => ({
  route: parseKeyPattern(o.pattern),
  tenant: o.tenant,
  prefix: prefixOf(o.database),
});

/** What a restore's lock step recorded (absent in intents from before the lock). */
const swapPayloadSchema = z.object({
  user_was: z.enum(['on', 'off']).nullable().optional(),
  keys: z.number().int().nonnegative().optional(),
});

const own = (database: string, role: string) => ({ prefix: prefixOf(database), user: role });
const scratchOf = (s: { fresh: string; old: string }) => ({
  fresh: prefixOf(s.fresh),
  old: prefixOf(s.old),
});

export const redisTenancy: KeyspaceTenancy = {
  unit: 'keys',
  createWorkspace: (params, database) =>
    withRedis(params, async (admin) => {
      const keys = await countKeys(admin, prefixOf(database));
      if (keys > 0) {
        throw new AppError(
          'CONFLICT',
          `The key space ${prefixOf(database)} already holds ${keys} keys; Benchphant will not take it over.`,
        );
      }
    }),
  dropKeys: (params, database) =>
    withRedis(params, async (admin) => {
      const n = await unlinkAll(admin, prefixOf(database));
      await admin.unlink(versionsKey(prefixOf(database)));
      return n;
    }),
  console: (params, database, command) =>
    withRedis(params, (admin) => runConsoleCommand(admin, prefixOf(database), command)),
  revert: (params, database, inverse) =>
    withRedis(params, (admin) => runInverse(admin, prefixOf(database), inverse)),
  async check(params, scratch, from, versions, next, tag) {
    const candidate = { version: 'new', ordinal: versions.length, statements: next };
    await redisTenancy.dropKeys(params, scratch);
    try {
      const r = await migrateKeyspace({
        params,
        prefix: prefixOf(scratch),
        from: prefixOf(from),
        versions: [...versions, candidate],
        target: candidate,
        tag,
      });
      if (r.status !== 'completed') {
        throw new AppError(
          'CONFLICT',
          `The new version would not apply on an empty key space: ${r.error.replace(/^Version new/, 'A pending change')}. Skip or revert what it depends on, or fix it with another change.`,
        );
      }
    } finally {
      await redisTenancy.dropKeys(params, scratch).catch(() => undefined);
    }
  },
  createTenant: (params, database, role, password) =>
    withRedis(params, (admin) => createTenantKeyspace(admin, own(database, role), password)),
  tenantExists: (params, database, role) =>
    withRedis(params, (admin) => keyspaceExists(admin, own(database, role))),
  restoreUsers: (params, users) =>
    withRedis(params, (admin) =>
      restoreUsers(
        admin,
        users.map((u) => ({
          ...own(u.database, u.role),
          enabled: u.enabled,
          password: u.password,
        })),
      ),
    ),
  lock: (params, role) =>
    withRedis(params, async (admin) => {
      await suspendTenant(admin, { prefix: '', user: role });
    }),
  unlock: (params, role) =>
    withRedis(params, (admin) => resumeTenant(admin, { prefix: '', user: role })),
  sessions: (params, role) => withRedis(params, (admin) => userSessions(admin, role)),
  dropTenant: (params, database, role, onProgress) =>
    withRedis(params, (admin) => dropTenantKeyspace(admin, own(database, role), onProgress)),
  currentVersion: (params, database, versions) =>
    withRedis(params, async (admin) => {
      const state = await tenantState(admin, prefixOf(database), versions);
      return state.current?.version ?? null;
    }),
  migrate: (params, o) =>
    migrateKeyspace({
      params,
      prefix: prefixOf(o.database),
      from: prefixOf(o.from),
      versions: o.versions,
      target: o.target,
      ...(o.onStatement ? { onStatement: o.onStatement } : {}),
      ...(o.tag ? { tag: o.tag } : {}),
      ...(o.applied !== undefined ? { applied: o.applied } : {}),
    }),
  admin: (params, o) =>
    adminCommand({
      params,
      command: o.command,
      targets: o.targets.map((t) => ({
        tenant_id: t.tenant_id,
        prefix: prefixOf(t.database),
        login: t.login,
      })),
      allowWrites: o.allowWrites,
      parallelism: o.parallelism,
      timeoutMs: o.timeoutMs,
    }),
  size: (params, database) =>
    withRedis(params, async (admin) => {
      const s = await keyspaceSize(admin, prefixOf(database));
      return { keys: s.keys, memory_bytes: s.memory_bytes };
    }),
  backup: (params, database, file) =>
    withRedis(params, (admin) => dumpKeyspace(admin, prefixOf(database), file)),
  restore: (params, o) =>
    withRedis(params, (admin) =>
      restoreKeyspace(admin, {
        prefix: prefixOf(o.database),
        user: o.role,
        file: o.file,
        manifest: o.manifest,
        scratch: scratchOf(o.scratch),
        ...(o.log ? { log: o.log } : {}),
        ...(o.onStep ? { onStep: o.onStep } : {}),
      }),
    ),
  finishRestore: (params, o) =>
    withRedis(params, (admin) =>
      finishRestore(admin, {
        prefix: prefixOf(o.database),
        scratch: scratchOf(o.scratch),
        step: o.step,
        user: o.role,
        recorded: swapPayloadSchema.parse(o.payload),
      }),
    ),
  sweep: (params, o) =>
    withRedis(params, (admin) =>
      o.kind === 'scratch'
        ? sweepScratch(admin, o.tag, new Set(o.keepScratch.map((d) => prefixOf(d))))
        : sweepMigrationUsers(
            admin,
            o.tag,
            o.busy.map((d) => prefixOf(d)),
          ),
    ),
  copyTenant: (source, target, database, onProgress) =>
    bothAdmins(source, target, (from, to) =>
      copyTenantKeys(from, to, prefixOf(database), onProgress),
    ),
  defaultKeyPattern: DEFAULT_KEY_PATTERN,
  checkKeyPattern: (pattern) => void parseKeyPattern(pattern),
  importSurvey: (source, pattern) =>
    withRedis(source, (from) => surveyKeys(from, parseKeyPattern(pattern))),
  importTenant: (source, target, o) =>
    bothAdmins(source, target, (from, to) =>
      importTenantKeys(from, to, {
        ...importing(o),
        ...(o.onProgress ? { onProgress: o.onProgress } : {}),
      }),
    ),
  importCheck: (source, target, o) =>
    bothAdmins(source, target, (from, to) => checkTenantKeys(from, to, importing(o))),
  connectionString(params, user, password) {
    const auth =
      password === undefined
        ? encodeURIComponent(user)
        : `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
    const host = params.host.includes(':') ? `[${params.host}]` : params.host;
    return `redis://${auth}@${host}:${params.port}/${params.database}`;
  },
};
