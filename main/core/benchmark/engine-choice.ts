// Runs in the main process, server and CLI. Decides which load engine runs a run: the native
// addon where it loads and can run the workload, else Node (for `auto`), with the reason.
import type { RunStart, RunEngine } from '../../../shared/contract/benchmarks';
import type { ConnectionParams, SqlType } from '../../../shared/model/connection';
import { ENGINE_INFO } from '../../../shared/model/engines';
import { loadNative } from '../../native';
import type { NativeDialect } from '../engines/engine';
import { sqlEngineOf } from '../engines/registry';

export interface EngineChoice {
  engine: RunEngine;
  /** Why `auto` fell back to Node; null when it did not. */
  fallback: string | null;
}

const noNative = (type: SqlType) => `the native engine does not speak ${ENGINE_INFO[type].label}`;

/** How the native engine speaks to an engine's servers; throws where it does not. */
export function nativeDialect(type: SqlType): NativeDialect {
  const native = sqlEngineOf(type).bench.native;
  if (!native) throw new Error(noNative(type));
  return native;
}

/** What the native engine cannot do for this run, or null. */
function nativeLimit(input: RunStart, params: ConnectionParams): string | null {
  const bench = sqlEngineOf(params.type).bench;
  if (!bench.native) return noNative(params.type);
  const own = bench.nativeLimit(input);
  if (own) return own;
  if (params.tls?.mode === 'verify-full' && params.tls.server_name)
    return 'the native engine cannot check a certificate against another name than the host (a tunnelled verify-full connection)';
  return null;
}

/** Throws for `native` when the addon cannot run it; `auto` falls back with the reason. */
export function chooseEngine(input: RunStart, params: ConnectionParams): EngineChoice {
  const asked = input.engine ?? 'auto';
  if (asked === 'node') return { engine: 'node', fallback: null };
  const loaded = loadNative();
  const reason = 'reason' in loaded ? loaded.reason : nativeLimit(input, params);
  if (reason === null) return { engine: 'native', fallback: null };
  if (asked === 'native') throw new Error(`engine native was asked for, but ${reason}`);
  return { engine: 'node', fallback: reason };
}
