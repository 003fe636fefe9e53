// Runs in the main process, server and CLI. "Test connection": connect through the connection's
// engine (and the SSH tunnel if there is one), ask the version, time the engine's cheapest round
// trip, report TLS details, always close.
// Failures come back as a result, not as a thrown error.
import type { EngineParams, TestResult } from '../../../shared/model/connection';
import { AppError } from '../../../shared/errors';
import { DEFAULT_CONNECT_TIMEOUT_MS } from '../db/client';
import type { TlsDetails } from '../db/tls';
import type { ProbeSession } from '../engines/engine';
import { engineOf } from '../engines/registry';
import { classifyConnectError } from './classify-error';
import { explainWrongService } from './service-probe';
import { HostKeyError } from './tunnel/ssh-chain';
import { paramsThrough, type Tunnel } from './tunnel/tunnel';

const ms = (start: bigint) => Math.round(Number(process.hrtime.bigint() - start) / 1e4) / 100;

/** A certificate this close to its end gets a warning. */
const EXPIRY_WARNING_DAYS = 30;

export interface TunnelLease {
  tunnel: Tunnel;
  /** Called when the test is done: releases a shared tunnel, closes a one-off one. */
  done(): Promise<void>;
}

export interface TestOptions {
  timeoutMs?: number;
  /** Opens (or reuses) the tunnel for `params.ssh`. */
  tunnel?: () => Promise<TunnelLease>;
}

function tlsWarnings(d: TlsDetails | undefined): string[] {
  if (d?.days_left === undefined || d.days_left >= EXPIRY_WARNING_DAYS) return [];
  const when = d.valid_to?.slice(0, 10) ?? '';
  return d.days_left < 0
    ? [`The server certificate expired on ${when}.`]
    : [
        `The server certificate expires in ${d.days_left} day${d.days_left === 1 ? '' : 's'} (${when}). Renew it before then.`,
      ];
}

async function failure(
  err: unknown,
  params: EngineParams,
  timeoutMs: number,
  at: EngineParams,
): Promise<TestResult> {
  if (err instanceof HostKeyError) {
    return {
      success: false,
      code: err.verdict === 'unknown' ? 'SSH_HOST_KEY_UNKNOWN' : 'SSH_HOST_KEY_CHANGED',
      message: err.message,
      host_key: err.hostKey,
    };
  }
  const classified = err instanceof AppError ? err : classifyConnectError(err, params, timeoutMs);
  // Only a driver error that reads like a protocol mismatch costs the probe of the port.
  const e = err instanceof AppError ? err : await explainWrongService(classified, params, at);
  return { success: false, code: e.code, message: e.message };
}

async function openWithin(params: EngineParams, timeoutMs: number): Promise<ProbeSession> {
  // The drivers' own timeouts do not cover every stage (DNS, TLS); this one does.
  let timer: NodeJS.Timeout | undefined;
  let client: ProbeSession | undefined;
  const opening = engineOf(params.type).probe(params, { connectTimeoutMs: timeoutMs });
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
      timeoutMs + 250,
    );
  });
  try {
    client = await Promise.race([opening, deadline]);
    return client;
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
}

export async function testConnection(
  params: EngineParams,
  options: TestOptions | number = {},
): Promise<TestResult> {
  const opts = typeof options === 'number' ? { timeoutMs: options } : options;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const started = process.hrtime.bigint();
  let client: ProbeSession | undefined;
  let lease: TunnelLease | undefined;
  let target = params;
  try {
    const problem = engineOf(params.type).paramsProblem(params);
    if (problem) return { success: false, code: 'BAD_INPUT', message: problem };
    let sshRtt: number | undefined;
    if (params.ssh) {
      if (!opts.tunnel) throw new AppError('INTERNAL', 'No SSH tunnel manager is configured.');
      lease = await opts.tunnel();
      sshRtt = await lease.tunnel.rtt();
      target = paramsThrough(lease.tunnel, params);
    }
    client = await openWithin(target, timeoutMs);
    const connectMs = ms(started);
    const version = await client.serverVersion();
    const mode = await client.serverMode();
    const pingStart = process.hrtime.bigint();
    await client.ping();
    const rtt = ms(pingStart);
    const details = client.tlsDetails;
    const warnings = tlsWarnings(details);
    const over = client.tls
      ? ` over TLS${details ? ` (${details.protocol}, ${details.cipher})` : ''}`
      : '';
    const via = sshRtt === undefined ? '' : ` through the SSH tunnel (SSH round trip ${sshRtt} ms)`;
    return {
      success: true,
      message: `Connected to ${version}${mode ? ` (${mode})` : ''} in ${connectMs} ms${over}${via}; round trip ${rtt} ms.`,
      server_version: version,
      ...(mode ? { server_mode: mode } : {}),
      rtt_ms: rtt,
      connect_ms: connectMs,
      tls: client.tls,
      ...(details ? { tls_details: details } : {}),
      ...(warnings.length > 0 ? { warnings } : {}),
      ...(sshRtt === undefined ? {} : { ssh_rtt_ms: sshRtt }),
    };
  } catch (err) {
    const unreachable = lease?.tunnel.takeForwardFailure();
    if (unreachable) return { success: false, code: 'CONNECTION_REFUSED', message: unreachable };
    return failure(err, params, timeoutMs, target);
  } finally {
    await client?.close().catch(() => undefined);
    await lease?.done().catch(() => undefined);
  }
}
