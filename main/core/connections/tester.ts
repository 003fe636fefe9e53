// Runs in the main process, server and CLI. "Test connection": connect, ask the version, time a
// round trip, always close. Failures come back as a result, not as a thrown error.
import type { ConnectionParams, TestResult } from '../../../shared/model/connection';
import { AppError } from '../../../shared/errors';
import { DEFAULT_CONNECT_TIMEOUT_MS, type DbClient, openClient } from '../db/client';
import { classifyConnectError } from './classify-error';

const ms = (start: bigint) => Math.round(Number(process.hrtime.bigint() - start) / 1e4) / 100;

export async function testConnection(
  params: ConnectionParams,
  timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS,
): Promise<TestResult> {
  const started = process.hrtime.bigint();
  let client: DbClient | undefined;
  try {
    // The drivers' own timeouts do not cover every stage (DNS, TLS); this one does.
    let timer: NodeJS.Timeout | undefined;
    const opening = openClient(params, { connectTimeoutMs: timeoutMs });
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
        timeoutMs + 250,
      );
    });
    try {
      client = await Promise.race([opening, deadline]);
    } finally {
      clearTimeout(timer);
      // A connection that arrives after the deadline is closed, not leaked.
      opening
        .then(
          (c) => (c === client ? undefined : c.close()),
          () => undefined,
        )
        .catch(() => undefined);
    }
    const connectMs = ms(started);
    const version = await client.serverVersion();
    const pingStart = process.hrtime.bigint();
    await client.query('SELECT 1');
    const rtt = ms(pingStart);
    return {
      success: true,
      message: `Connected to ${version} in ${connectMs} ms${client.tls ? ' over TLS' : ''}; round trip ${rtt} ms.`,
      server_version: version,
      rtt_ms: rtt,
      connect_ms: connectMs,
      tls: client.tls,
    };
  } catch (err) {
    const e = err instanceof AppError ? err : classifyConnectError(err, params, timeoutMs);
    return { success: false, code: e.code, message: e.message };
  } finally {
    await client?.close().catch(() => undefined);
  }
}
