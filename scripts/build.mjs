// Runs on Node 24 from a checkout (`npm run build`, `npm start`, `npm run serve`). Bundles the
// Electron main process, the preload, the CLI and the benchmark worker with esbuild, then the
// renderer with Vite, into dist/. Packages stay external (native modules load from node_modules);
// only the preload is fully bundled, because a sandboxed preload can require nothing but electron.
// The load agent's bundle (main/agent/) is the exception the other way: it holds its packages too,
// so the SSH launcher can copy two files to a host that has nothing but Node.
// Flags: --node-only skips the renderer; --agent-only builds the agent's bundle alone; --outdir DIR
// writes the esbuild bundles under DIR instead of dist.
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const opts = { nodeOnly: false, agentOnly: false, outdir: join(root, 'dist') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--node-only') opts.nodeOnly = true;
    else if (argv[i] === '--agent-only') opts.agentOnly = true;
    else if (argv[i] === '--outdir' && argv[i + 1]) opts.outdir = resolve(argv[++i]);
    else
      throw new Error(`Unknown option ${argv[i]}; use --node-only, --agent-only or --outdir DIR`);
  }
  return opts;
}

// CommonJS has no import.meta; modules that locate files from it (the worker script) get the bundle's own URL.
const cjsImportMeta = {
  banner: {
    js: 'const __bp_import_meta_url = require("node:url").pathToFileURL(__filename).href;',
  },
  define: { 'import.meta.url': '__bp_import_meta_url' },
};
// Bundled ESM has no require; the few CommonJS paths left inside the bundle get one.
const esmRequire = {
  banner: {
    js: 'import { createRequire as __bpCreateRequire } from "node:module"; const require = __bpCreateRequire(import.meta.url);',
  },
};

const node = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  packages: 'external',
  sourcemap: true,
};

const targets = [
  {
    entry: 'main/electron/main.ts',
    out: 'main/electron.cjs',
    options: { ...node, format: 'cjs', external: ['electron'], ...cjsImportMeta },
  },
  {
    entry: 'preload/index.ts',
    out: 'preload/index.cjs',
    options: {
      bundle: true,
      platform: 'browser',
      target: 'chrome140',
      format: 'cjs',
      external: ['electron'],
      minify: true,
    },
  },
  {
    entry: 'main/cli/index.ts',
    out: 'main/cli.mjs',
    options: { ...node, format: 'esm', ...esmRequire },
  },
  {
    entry: 'main/core/benchmark/worker.ts',
    out: 'main/benchmark-worker.mjs',
    options: { ...node, format: 'esm', ...esmRequire },
  },
];

// Fully bundled: only optional native accelerators (loaded when present) and what an agent never
// loads stay out. No source maps: every byte is copied to each host.
const agentNode = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  external: ['pg-native', 'bufferutil', 'utf-8-validate', 'better-sqlite3', 'electron'],
  ...esmRequire,
};

const agentTargets = [
  { entry: 'main/cli/agent-entry.ts', out: 'main/agent/agent.mjs', options: agentNode },
  {
    entry: 'main/core/benchmark/worker.ts',
    out: 'main/agent/benchmark-worker.mjs',
    options: agentNode,
  },
];

const kb = (file) => `${(statSync(file).size / 1024).toFixed(1)} kB`;
const since = (start) => `${Math.round(performance.now() - start)} ms`;

/** Bundles one target in memory; returns its files (the bundle and its source map) and a log line. */
async function bundle(target, outdir) {
  const entry = join(root, target.entry);
  if (!existsSync(entry)) {
    console.log(`skipped  ${target.out} (${target.entry} does not exist yet)`);
    return [];
  }
  const outfile = join(outdir, target.out);
  const { outputFiles } = await esbuild({
    ...target.options,
    entryPoints: [entry],
    outfile,
    absWorkingDir: root,
    logLevel: 'warning',
    legalComments: 'none',
    write: false,
  });
  return outputFiles.map((f) => ({ ...f, done: `built    ${relative(process.cwd(), outfile)}` }));
}

/**
 * Writes each file beside its final name and renames it into place, the CLI's bundle last: a
 * `benchphant` started meanwhile (it rebuilds when the sources are newer than dist/main/cli.mjs)
 * never imports a half-written bundle, and once it sees a fresh CLI every other bundle is fresh too.
 * Two rebuilds at once each rename complete files; the later one wins.
 */
function writeAtomically(files) {
  const cli = join(root, 'dist', 'main', 'cli.mjs');
  const ordered = [...files].sort((a, b) => Number(a.path === cli) - Number(b.path === cli));
  for (const f of ordered) {
    mkdirSync(dirname(f.path), { recursive: true });
    const temp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(temp, f.contents);
    renameSync(temp, f.path);
    if (!f.path.endsWith('.map')) console.log(`${f.done}  ${kb(f.path)}`);
  }
}

async function buildRenderer() {
  const configFile = join(root, 'vite.config.ts');
  if (!existsSync(configFile)) {
    console.log('skipped  dist/renderer (vite.config.ts does not exist yet)');
    return;
  }
  const start = performance.now();
  const { build } = await import('vite');
  await build({ configFile, logLevel: 'warn' });
  console.log(
    `built    ${relative(process.cwd(), join(root, 'dist', 'renderer'))}  (${since(start)})`,
  );
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const chosen = opts.agentOnly ? agentTargets : [...targets, ...agentTargets];
  const start = performance.now();
  writeAtomically((await Promise.all(chosen.map((t) => bundle(t, opts.outdir)))).flat());
  console.log(`bundled  in ${since(start)}`);
  if (!opts.nodeOnly && !opts.agentOnly) await buildRenderer();
}

main().catch((err) => {
  // esbuild and Vite have already printed the details of a compile error.
  console.error(`build failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  process.exit(1);
});
