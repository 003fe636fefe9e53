// Runs in the main process, server and CLI. How the data directory stands right now (can the app
// write there, how much room is left), read on each request so Settings shows the present state.
import { constants } from 'node:fs';
import { access, statfs } from 'node:fs/promises';
import type { DataDirState } from '../../../shared/contract/sandbox';

export async function dataDirState(dir: string): Promise<DataDirState> {
  const writable = await access(dir, constants.W_OK).then(
    () => true,
    () => false,
  );
  const free_bytes = await statfs(dir).then(
    (s) => s.bavail * s.bsize,
    () => null,
  );
  return { writable, free_bytes };
}
