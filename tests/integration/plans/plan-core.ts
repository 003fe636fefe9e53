// Test helper for run plans: a core over a temporary data directory with the real PostgreSQL and
// MariaDB saved as connections, calls through the dispatcher, the plan events it emitted, and
// the benchmark schema (unique to these tests) dropped afterwards.
import type { Input, Method, Output, Payload } from '../../../shared/contract';
import type { PlanView } from '../../../shared/contract/plans';
import { dispatch } from '../../../main/rpc/dispatch';
import { openClient } from '../../../main/core/db/client';
import type { ConnectionParams } from '../../../shared/model/connection';
import { makeTestCore, type TestCore } from '../../support/test-core';
import { testMysql, testPg } from '../../support/test-databases';

export const ENGINES = [
  ['postgresql', testPg],
  ['mysql', testMysql],
] as const;

export interface PlanCore {
  core: TestCore;
  events: Payload<'plans.progressed'>[];
  call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>>;
  /** Saves the server as a connection of environment `test`; returns its id. */
  connect(params: ConnectionParams): Promise<string>;
  /** Polls plans.get until the plan is no longer running (or `check` holds). */
  waitFor(id: string, check?: (p: PlanView) => boolean, timeoutMs?: number): Promise<PlanView>;
}

export function planCore(dataDir?: string): PlanCore {
  const core = makeTestCore(dataDir ? { dataDir } : {});
  const events: Payload<'plans.progressed'>[] = [];
  core.events.subscribe((e) => {
    if (e.event === 'plans.progressed') events.push(e.payload);
  });
  const call = async <M extends Method>(method: M, input: Input<M>): Promise<Output<M>> => {
    const r = await dispatch(core.handlers, method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
    return r.value as Output<M>;
  };
  return {
    core,
    events,
    call,
    async connect(params) {
      const c = await call('connections.create', {
        ...params,
        name: `c3 plans ${params.type}`,
        environment: 'test',
      });
      return c.id;
    },
    async waitFor(id, check = (p) => p.status !== 'running', timeoutMs = 90_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const view = await call('plans.get', { id });
        if (check(view)) return view;
        if (Date.now() > end)
          throw new Error(`plan ${id} still ${view.status} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

/** The base run the plans repeat: short, small tables in the given schema. */
export const baseRun = (connection_id: string, schema: string) => ({
  connection_id,
  type: 'oltp_point_select' as const,
  duration: 2,
  threads: 2,
  warmup: 0,
  schema,
  parameters: { tables: 1, table_size: 2000 },
});

/** Drops the schema (PostgreSQL) or database (MariaDB) the tests' runs created. */
export async function dropSchema(schema: string): Promise<void> {
  for (const params of [testPg(), testMysql()]) {
    const c = await openClient(params);
    try {
      await c.query(
        params.type === 'postgresql'
          ? `DROP SCHEMA IF EXISTS ${schema} CASCADE`
          : `DROP DATABASE IF EXISTS ${schema}`,
      );
    } finally {
      await c.close();
    }
  }
}
