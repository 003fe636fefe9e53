// Test helper, run as a child process (node --import tsx). Opens a core on a data directory,
// waits for its recovery pass, runs the calls it was given through the dispatcher (waiting for
// background jobs to finish), and kills itself with SIGKILL at the n-th crash point of a
// journaled operation: a real `kill -9`, so nothing gets a chance to clean up.
import { createCore } from '../../main/core/app';
import { createLogger } from '../../main/core/logging/logger';
import { dataPaths } from '../../main/core/paths';
import { createEncryptedFileSecretStore } from '../../main/core/secrets/encrypted-file';
import { dispatch } from '../../main/rpc/dispatch';
import type { CrashSpec } from './crash-run';

const spec = JSON.parse(process.argv[2] ?? '{}') as CrashSpec;
let points = 0;
const paths = dataPaths(spec.dataDir);
const core = createCore({
  dataDir: spec.dataDir,
  logger: createLogger({ file: paths.log, level: 'debug' }),
  secrets: {
    store: createEncryptedFileSecretStore(paths.secretsFile, spec.masterKey),
    message: null,
  },
  version: '0.0.0-test',
  stepBarrier: ({ kind, label }) => {
    points += 1;
    process.stdout.write(`POINT ${JSON.stringify({ n: points, kind, label })}\n`);
    if (points === spec.crashAt) process.kill(process.pid, 'SIGKILL');
  },
});

const ACTIVE = ['queued', 'running'];

async function call(method: string, input: unknown): Promise<unknown> {
  const r = await dispatch(core.handlers, method, input);
  if (!r.ok) return { error: r.error };
  return r.value;
}

/** Polls a background job until it leaves its active states (the core has no other signal here). */
async function settle(read: () => Promise<unknown>): Promise<unknown> {
  for (;;) {
    const v = (await read()) as { status?: string };
    if (!v.status || !ACTIVE.includes(v.status)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function main(): Promise<void> {
  await core.recovery;
  for (const c of spec.calls) {
    let result = await call(c.method, c.input);
    const value = result as { job_id?: string; import_id?: string };
    if (c.method.startsWith('deployments.') && value.job_id) {
      const id = value.job_id;
      result = await settle(() => call('deployments.get', { id }));
    }
    if (c.method.startsWith('workspaces.import') && value.import_id) {
      const input = c.input as { id: string };
      const importId = value.import_id;
      result = await settle(() =>
        call('workspaces.importStatus', { id: input.id, import_id: importId }),
      );
    }
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  }
  await core.close();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`crash child failed: ${String(err)}\n`);
    process.exit(2);
  },
);
