// Runs in benchmark worker threads (to run the native engine) and in the main process (to say
// whether it is there). Loads the C++ addon built by scripts/build-native.mjs; never throws: an
// absent or broken addon is a reason for the engine choice to fall back to Node.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface NativeSeries {
  count: number;
  sumUs: number;
  maxUs: number;
  /** (HdrHistogram counts index, count) pairs of the non-empty buckets. */
  buckets: Float64Array;
}

export interface NativeFigures {
  txns: number;
  queries: number;
  failed: number;
  retries: number;
  reconnects: number;
  overheadUs: number;
  overheadCount: number;
  total: NativeSeries;
  service: NativeSeries;
  lag: NativeSeries;
  byTxn: NativeSeries[];
  byClass: NativeSeries[];
  errors: { count: number; code: string; message: string; connectionLost: boolean }[];
  fatal: string | null;
}

export interface NativeEngineHandle {
  /** Blocks until every connection is open; the first failure's message, or null. */
  waitReady(): string | null;
  start(delayMs: number): void;
  flush(): NativeFigures;
  stop(): void;
}

export interface NativeAddon {
  NativeEngine: new (config: NativeEngineConfig) => NativeEngineHandle;
  histogramParts(values: Float64Array, parts: number): NativeSeries[];
  draws(
    seed: number,
    client: number,
    stream: number,
    code: number[],
    count: number,
    vars: number[],
  ): Float64Array;
  formatNumbers(values: Float64Array): string[];
  version: number;
}

export interface NativeEngineConfig {
  conn: {
    driver: 'postgresql' | 'mysql';
    host: string;
    port: number;
    user: string;
    password: string;
    database: string;
    schema: string;
    tls: boolean;
    tlsMode: string;
    ca: string;
    cert: string;
    key: string;
    passphrase: string;
    simple: boolean;
    connectionCodes: string[];
  };
  program: unknown;
  connections: number[];
  pipeline: number;
  threads: number;
  seed: number;
  maxTries: number;
  retryCodes: string[];
  plan: { startMs: number; threads: number; ratePerLoop: number | null }[];
  perClass: boolean;
}

const FILE = 'benchphant_native.node';

/** Where the addon may be: an override, next to these sources, or the repository seen from dist/main. */
function candidates(): string[] {
  const override = process.env.BENCHPHANT_NATIVE_ADDON;
  if (override !== undefined) return [override];
  const here = import.meta.url;
  return [
    fileURLToPath(new URL(`./build/Release/${FILE}`, here)),
    fileURLToPath(new URL(`../../main/native/build/Release/${FILE}`, here)),
  ];
}

/** The built addon's file, or null when there is none (the SSH launcher ships it to agents). */
export const nativeAddonFile = (): string | null => candidates().find((p) => existsSync(p)) ?? null;

let cached: { addon: NativeAddon } | { reason: string } | null = null;

/** The addon, or why it cannot be used. */
export function loadNative(): { addon: NativeAddon } | { reason: string } {
  if (cached) return cached;
  const found = nativeAddonFile();
  if (!found) {
    cached = {
      reason:
        'the native engine is not built (npm ci builds it; it needs a C++ compiler, libpq-dev and libmariadb-dev — run `node scripts/build-native.mjs` to see why it failed)',
    };
    return cached;
  }
  try {
    const addon = createRequire(import.meta.url)(found) as NativeAddon;
    cached = { addon };
  } catch (err) {
    cached = {
      reason: `the native engine does not load: ${(err as Error).message.split('\n')[0]}`,
    };
  }
  return cached;
}
