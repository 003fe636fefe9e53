// Test helper. Crash injection for journaled operations: runs calls in a child process that
// kills itself (SIGKILL) at the n-th crash point, then the test re-opens the core on the same
// data directory, waits for recovery and checks. `crashMatrix` does that for n = 1, 2, … until
// an operation runs through without reaching the point, and counts what it found.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEncryptedFileSecretStore } from '../../main/core/secrets/encrypted-file';
import { dataPaths } from '../../main/core/paths';
import { makeTestCore, type TestCore } from './test-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHILD = join(ROOT, 'tests', 'support', 'crash-child.ts');

export interface CrashCall {
  method: string;
  input: unknown;
}

export interface CrashSpec {
  dataDir: string;
  masterKey: string;
  /** Kill at this crash point (1-based); 0 never. */
  crashAt: number;
  calls: CrashCall[];
}

export interface ChildOutcome {
  killed: boolean;
  points: { n: number; kind: string; label: string }[];
  results: unknown[];
  stderr: string;
}

export function runCrashChild(spec: CrashSpec): Promise<ChildOutcome> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('BENCHPHANT_')),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(spec)], {
    cwd: ROOT,
    env: base,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const lines = out.split('\n');
      const parse = (prefix: string): unknown[] =>
        lines
          .filter((l) => l.startsWith(prefix))
          .map((l): unknown => JSON.parse(l.slice(prefix.length)));
      if (signal !== 'SIGKILL' && code !== 0) {
        reject(new Error(`crash child exited with ${code ?? signal}: ${stderr}`));
        return;
      }
      resolve({
        killed: signal === 'SIGKILL',
        points: parse('POINT ') as ChildOutcome['points'],
        results: parse('RESULT '),
        stderr,
      });
    });
  });
}

/** A core on `dataDir` whose secrets live in the directory's encrypted file (the child sees them). */
export function openSharedCore(dataDir: string, masterKey: string): TestCore {
  return makeTestCore({
    dataDir,
    secrets: createEncryptedFileSecretStore(dataPaths(dataDir).secretsFile, masterKey),
  });
}

export interface CrashTally {
  injected: number;
  recovered: number;
  lost: number;
  failures: string[];
  labels: string[];
}

export interface CrashCase {
  dataDir: string;
  masterKey: string;
  /** Before each run, with a core open (closed again before the child starts). */
  prepare(core: TestCore): Promise<void>;
  calls(core: TestCore): CrashCall[];
  /** After the crash and the recovery pass; throws when a tenant or the operation is wrong. */
  check(core: TestCore, crashed: { n: number; label: string } | null): Promise<void>;
  /** Safety stop. */
  maxPoints?: number;
}

export async function crashMatrix(c: CrashCase): Promise<CrashTally> {
  const tally: CrashTally = { injected: 0, recovered: 0, lost: 0, failures: [], labels: [] };
  for (let n = 1; n <= (c.maxPoints ?? 200); n++) {
    let core = openSharedCore(c.dataDir, c.masterKey);
    await core.recovery;
    await c.prepare(core);
    const calls = c.calls(core);
    await core.dispose();
    const outcome = await runCrashChild({
      dataDir: c.dataDir,
      masterKey: c.masterKey,
      crashAt: n,
      calls,
    });
    const point = outcome.killed ? (outcome.points.at(-1) ?? null) : null;
    core = openSharedCore(c.dataDir, c.masterKey);
    try {
      await core.recovery;
      if (point) {
        tally.injected += 1;
        tally.labels.push(`${point.kind}: ${point.label}`);
      }
      await c.check(core, point);
      if (point) tally.recovered += 1;
    } catch (err) {
      tally.lost += 1;
      tally.failures.push(
        `crash at ${point ? `${point.n} (${point.label})` : 'none'}: ${String(err)}`,
      );
    } finally {
      await core.dispose();
    }
    if (!outcome.killed) break;
  }
  return tally;
}
