// Test helper: a benchmark engine over a fresh SQLite store and the machine's real PostgreSQL and
// MariaDB, with the events it emitted and a way to wait for a run to end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunStart } from '../../../shared/contract/benchmarks';
import type { ConnectionParams, Environment } from '../../../shared/model/connection';
import { BenchmarkEngine } from '../../../main/core/benchmark/engine';
import { createEventBus, type AnyEvent } from '../../../main/core/events';
import { silentLogger } from '../../../main/core/logging/logger';
import { openDatabase, type Db } from '../../../main/core/store/database';
import { runStartSchema } from '../../../shared/contract/benchmarks';
import { openClient, type DbClient } from '../../../main/core/db/client';

export const PG: ConnectionParams = {
  type: 'postgresql',
  host: '127.0.0.1',
  port: 5432,
  database: 'test',
  username: 'postgres',
  tls: { mode: 'disable' },
};
export const MY: ConnectionParams = {
  type: 'mysql',
  host: '127.0.0.1',
  port: 3306,
  database: 'test',
  username: 'root',
  tls: { mode: 'disable' },
};
export const ENGINES = [
  ['postgresql', PG],
  ['mysql', MY],
] as const;

export const PG_ID = '00000000-0000-4000-8000-000000000001';
export const MY_ID = '00000000-0000-4000-8000-000000000002';
export const PROD_ID = '00000000-0000-4000-8000-000000000003';

export interface Harness {
  engine: BenchmarkEngine;
  events: AnyEvent[];
  db: Db;
  dir: string;
  idFor(p: ConnectionParams): string;
  start(
    input: Omit<Partial<RunStart>, 'connection_id'> & {
      connection_id: string;
      type: RunStart['type'];
    },
  ): Promise<string>;
  close(): Promise<void>;
}

export function createHarness(opts: { dir?: string } = {}): Harness {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'bp-bench-'));
  const db = openDatabase(join(dir, 'benchphant.sqlite'));
  const bus = createEventBus();
  const events: AnyEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const conns: Record<
    string,
    { params: ConnectionParams; environment: Environment; name: string }
  > = {
    [PG_ID]: { params: PG, environment: 'test', name: 'pg' },
    [MY_ID]: { params: MY, environment: 'test', name: 'maria' },
    [PROD_ID]: { params: PG, environment: 'production', name: 'prod-pg' },
  };
  const engine = new BenchmarkEngine({
    db,
    events: bus,
    logger: silentLogger,
    connection: (id) => {
      const c = conns[id]!;
      return { name: c.name, type: c.params.type, environment: c.environment };
    },
    resolveParams: async (id) => conns[id]!.params,
  });
  return {
    engine,
    events,
    db,
    dir,
    idFor: (p) => (p.type === 'postgresql' ? PG_ID : MY_ID),
    async start(input) {
      const parsed = runStartSchema.parse({ duration: 1, threads: 2, warmup: 0, ...input });
      return (await engine.start(parsed)).id;
    },
    async close() {
      await engine.close();
      db.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function withClient<T>(
  p: ConnectionParams,
  fn: (c: DbClient) => Promise<T>,
): Promise<T> {
  const c = await openClient(p);
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

/** Polls until `check` holds; the bound only stops a hung test. */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
