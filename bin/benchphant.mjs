#!/usr/bin/env node
// Runs as the `benchphant` command (package.json "bin"). Loads the bundled CLI, building it first
// from a fresh checkout; it never runs TypeScript sources directly.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'main', 'cli.mjs');
const build = join(root, 'scripts', 'build.mjs');

if (!existsSync(cli)) {
  if (!existsSync(build)) {
    process.stderr.write(
      `error: ${cli} is missing and there is no scripts/build.mjs to build it; run \`npm run build\` in ${root}.\n`,
    );
    process.exit(1);
  }
  process.stderr.write('Building the Benchphant CLI (first run)…\n');
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
