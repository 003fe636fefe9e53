// Runs in the main process, server and CLI. The connection test's session for an SQL engine:
// its DbClient, with `SELECT 1` as the round trip.
import type { EngineParams } from '../../../shared/model/connection';
import { mayReceiveCleartext } from '../db/cleartext';
import type { ProbeOptions, ProbeSession, SqlEngine } from './engine';

export async function sqlProbe(
  engine: SqlEngine,
  params: EngineParams,
  opts: ProbeOptions,
): Promise<ProbeSession> {
  const client = await engine.open(
    { ...params, type: engine.type },
    opts.connectTimeoutMs,
    opts.cleartext ?? mayReceiveCleartext,
    false,
  );
  return {
    tls: client.tls,
    ...(client.tlsDetails ? { tlsDetails: client.tlsDetails } : {}),
    serverVersion: () => client.serverVersion(),
    serverMode: () => Promise.resolve(undefined),
    ping: async () => {
      await client.query('SELECT 1');
    },
    close: () => client.close(),
  };
}
