// Runs in the main process, server and CLI. What a run records about the server: version, key
// settings, counters sampled each interval, and the round trip of a trivial query.
import type { DbClient } from '../db/client';
import { allSqlEngines, sqlEngineOf } from '../engines/registry';
import type { ServerInfo } from './repository';
import type { BenchSession, Statement } from './workloads/spec';

/** Gauges are reported as they are; every other counter as its change over the interval. */
let gauges: ReadonlySet<string> | undefined;
const isGauge = (counter: string): boolean =>
  (gauges ??= new Set(allSqlEngines().flatMap((e) => [...e.bench.gauges]))).has(counter);

export async function serverInfo(client: DbClient): Promise<ServerInfo> {
  const version = await client.serverVersion();
  const settings = await sqlEngineOf(client.type).bench.settings(client);
  return { version, settings };
}

export function serverCounters(client: DbClient): Promise<Record<string, number>> {
  return sqlEngineOf(client.type).bench.counters(client);
}

export function counterDelta(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) out[k] = isGauge(k) ? v : v - (before[k] ?? v);
  return out;
}

const IDLE_PROBE: Statement = {
  name: 'bp_idle_rtt',
  sql: 'SELECT 1',
  parts: ['SELECT 1'],
  txControl: false,
  cls: 0,
};

/**
 * Round trips of `SELECT 1` on an idle benchmark session, in milliseconds, fastest first. It is the
 * path the workers time their statements on, so the figure compares like with like with theirs
 * (the admin driver adds its own parsing on top). The first run prepares and is not counted.
 */
export async function idleRoundTrips(session: BenchSession, count: number): Promise<number[]> {
  await session.run(IDLE_PROBE, []);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await session.run(IDLE_PROBE, []);
    out.push(Math.round((performance.now() - start) * 1000) / 1000);
  }
  return out.sort((a, b) => a - b);
}

/** Milliseconds for `SELECT 1` on the admin session (the probe under load). */
export async function roundTrip(client: DbClient): Promise<number> {
  const start = performance.now();
  await client.query('SELECT 1');
  return Math.round((performance.now() - start) * 1000) / 1000;
}
