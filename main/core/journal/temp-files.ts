// Runs in the main process, server and CLI, from the start-up sweep. Temp files (`*.tmp`) a crash
// left between writing and renaming in the data directory's top folder. Only old ones go: a
// young one may be another writer's, mid-rename.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Sweeper } from './recovery';

export const TEMP_FILE_MIN_AGE_MS = 10 * 60_000;

export function staleTempFileSweeper(root: string, now: () => number = Date.now): Sweeper {
  return {
    name: 'temp files',
    sweep: () => {
      if (!existsSync(root)) return Promise.resolve([]);
      const removed: string[] = [];
      for (const name of readdirSync(root)) {
        if (!name.endsWith('.tmp')) continue;
        const file = join(root, name);
        const info = statSync(file);
        if (!info.isFile() || now() - info.mtimeMs < TEMP_FILE_MIN_AGE_MS) continue;
        rmSync(file, { force: true });
        removed.push(file);
      }
      return Promise.resolve(removed);
    },
  };
}
