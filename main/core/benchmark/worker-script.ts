// Runs in the main process, server and CLI. The one place that knows where the benchmark worker
// script lives: the bundled .mjs next to the bundle, or the .ts source run through tsx.
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WorkerScript {
  path: string;
  execArgv: string[];
}

export type WorkerScriptResolver = () => WorkerScript;

/** From sources (tests, tsx) the .ts entry needs tsx's loader; a bundle ships `benchmark-worker.mjs`. */
export const defaultWorkerScript: WorkerScriptResolver = () => {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // tsx by path: a bare `--import tsx` resolves from the working directory, which may be anywhere.
    const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
    return { path: fileURLToPath(new URL('./worker.ts', here)), execArgv: ['--import', tsx] };
  }
  return { path: fileURLToPath(new URL('./benchmark-worker.mjs', here)), execArgv: [] };
};
