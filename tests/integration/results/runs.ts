// Test helper for results tests: a core with the real PostgreSQL and MariaDB saved as
// connections, typed calls through the dispatcher, and short real runs in schemas of our own.
import type { Input, Method, Output } from '../../../shared/contract';
import { dispatch } from '../../../main/rpc/dispatch';
import { withClient } from '../benchmark/harness';
import { makeTestCore, type TestCore } from '../../support/test-core';
import { testMysql, testPg } from '../../support/test-databases';

/** The saved PostgreSQL connection's password, which no export may contain. */
export const RESULTS_SECRET = 'c1-results-secret-5d1e9a';

export const SCHEMA = { postgresql: 'c1_results_pg', mysql: 'c1_results_my' } as const;

export interface ResultsCore {
  core: TestCore;
  call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>>;
  pg: string;
  my: string;
  /** A finished run of `threads` clients for two measured seconds. */
  run(connectionId: string, engine: keyof typeof SCHEMA, threads: number): Promise<string>;
  dispose(): Promise<void>;
}

/** `dataDir`: a directory the caller owns (kept after dispose), e.g. to share with the CLI. */
export async function resultsCore(dataDir?: string): Promise<ResultsCore> {
  const core = makeTestCore({ dataDir });
  const call = async <M extends Method>(method: M, input: Input<M>): Promise<Output<M>> => {
    const r = await dispatch(core.handlers, method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
    return r.value as Output<M>;
  };
  // Trust auth ignores the password; it is there so exports can be searched for it.
  const pg = await call('connections.create', {
    ...testPg(),
    name: 'results pg',
    environment: 'test',
    password: RESULTS_SECRET,
  });
  const my = await call('connections.create', {
    ...testMysql(),
    name: 'results maria',
    environment: 'test',
  });
  return {
    core,
    call,
    pg: pg.id,
    my: my.id,
    async run(connectionId, engine, threads) {
      const { id } = await call('runs.start', {
        connection_id: connectionId,
        type: 'oltp_point_select',
        duration: 2,
        warmup: 1,
        threads,
        parameters: { tables: 1, table_size: 1000 },
        schema: SCHEMA[engine],
      });
      const done = await core.benchmarks.waitFor(id);
      if (done.status !== 'completed')
        throw new Error(`run ${id} ended ${done.status}: ${done.message}`);
      return id;
    },
    async dispose() {
      await core.dispose();
      await dropSchemas();
    },
  };
}

/** Removes what the runs created on the shared servers. */
export async function dropSchemas(): Promise<void> {
  await withClient(testPg(), (c) => c.query(`DROP SCHEMA IF EXISTS ${SCHEMA.postgresql} CASCADE`));
  await withClient(testMysql(), (c) => c.query(`DROP DATABASE IF EXISTS ${SCHEMA.mysql}`));
}
