// Runs in benchmark workers and in the main process (a run's spare session). Benchmark sessions:
// each SQL engine's module connects with its driver and hands the socket to its lean wire path.
import type { ConnectionParams } from '../../../shared/model/connection';
import { sqlEngineOf } from '../engines/registry';
import type { BenchSession } from './workloads/spec';

export interface SessionOptions {
  params: ConnectionParams;
  tls: boolean;
  schema: string;
  protocol: 'prepared' | 'simple';
  connectTimeoutMs?: number;
}

/** A benchmark session on the connection's engine (see its module's bench-session.ts). */
export const openSession = (o: SessionOptions): Promise<BenchSession> =>
  sqlEngineOf(o.params.type).bench.openSession(o);
