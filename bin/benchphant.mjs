#!/usr/bin/env node
// Runs as the `benchphant` command (package.json "bin"). Loads the bundled CLI, building it first
// from a fresh checkout, and again in a checkout whose sources changed since (a `git pull`), so
// `npm run benchphant` never runs yesterday's code; it never runs TypeScript sources directly.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'main', 'cli.mjs');
const build = join(root, 'scripts', 'build.mjs');

/** The newest modification time under the source folders (0 where there are none: a package). */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'build' || e.name === 'node_modules') continue;
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of ['main', 'shared']) if (existsSync(join(root, dir))) walk(join(root, dir));
  return newest;
}

const missing = !existsSync(cli);
if (missing || newestSource() > statSync(cli).mtimeMs) {
  if (!existsSync(build)) {
    process.stderr.write(
      `error: ${cli} is missing and there is no scripts/build.mjs to build it; run \`npm run build\` in ${root}.\n`,
    );
    process.exit(1);
  }
  process.stderr.write(
    missing
      ? 'Building the Benchphant CLI (first run)…\n'
      : 'Rebuilding the Benchphant CLI (its sources changed)…\n',
  );
  // The build's output goes to stderr: stdout belongs to the command (`--json` must stay parseable).
  const built = spawnSync(process.execPath, [build, '--node-only'], {
    cwd: root,
    stdio: ['ignore', 2, 2],
  });
  if (built.status !== 0 || !existsSync(cli)) {
    process.stderr.write(
      `error: building the CLI failed; run \`npm run build\` in ${root} and read its output.\n`,
    );
    process.exit(1);
  }
}

await import(pathToFileURL(cli).href);
