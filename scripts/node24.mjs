// Runs on whatever Node the machine has (so: plain JavaScript that Node 18+ parses). Starts the
// given script on Node 24, the version Benchphant targets (Electron 45 embeds it; better-sqlite3
// 13 and vitest 5 need it). Where the machine's Node is older, it uses — and if needed fetches
// from the npm registry — a private copy in .tools/, leaving the system alone.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wanted = 24;
const major = Number(process.versions.node.split('.')[0]);

function privateNode() {
  const bin = join(
    root,
    '.tools',
    'node_modules',
    '.bin',
    process.platform === 'win32' ? 'node.cmd' : 'node',
  );
  if (existsSync(bin)) return bin;
  console.error(
    `benchphant: Node ${process.versions.node} is older than ${wanted}; fetching Node ${wanted} into .tools/ (once).`,
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(
    npm,
    [
      'install',
      '--prefix',
      join(root, '.tools'),
      '--no-save',
      '--no-audit',
      '--no-fund',
      `node@${wanted}`,
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (r.status !== 0 || !existsSync(bin)) {
    console.error(
      `benchphant: could not fetch Node ${wanted}. Install Node ${wanted} (e.g. with nvm: nvm install ${wanted}) and try again.`,
    );
    process.exit(1);
  }
  return bin;
}

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node scripts/node24.mjs <script> [args…]');
  process.exit(2);
}
const node = major >= wanted ? process.execPath : privateNode();
const binDir = dirname(node);
const child = spawn(node, [join(root, script), ...args], {
  stdio: 'inherit',
  // Child processes that call `node` (vitest workers, npx) get the same version.
  env: {
    ...process.env,
    PATH: `${binDir}${process.platform === 'win32' ? ';' : ':'}${process.env.PATH ?? ''}`,
  },
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
