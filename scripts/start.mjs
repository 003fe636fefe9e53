// Runs on Node 24 from a checkout (`npm start`). Builds, finds the Electron binary (fetching it
// once where the network allows) and starts the desktop app. Where no binary can be had it says
// so in one line and points to `npm run serve`; it must never hang on a download that cannot work.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const NO_ELECTRON =
  'The Electron binary is not available on this machine; run `npm run serve` to use Benchphant in a browser.';
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;
const PROBE_TIMEOUT_MS = 3_000;

function fail(message) {
  console.error(message);
  process.exit(1);
}

function electronPackageDir() {
  try {
    return dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** The binary the electron package points at, if it is on disk (mirrors electron/index.js without its download). */
function installedBinary(dir) {
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relativePath = readFileSync(pathFile, 'utf8');
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(dir, 'dist');
  const binary = join(distDir, relativePath);
  return existsSync(binary) ? binary : null;
}

/** Whether the download host answers at all; without this a machine with no internet waits for a long timeout. */
function canReachDownloadHost() {
  const usesProxy = ['HTTPS_PROXY', 'https_proxy', 'ELECTRON_GET_USE_PROXY'].some(
    (k) => process.env[k],
  );
  if (usesProxy) return Promise.resolve(true);
  const mirror = process.env.ELECTRON_MIRROR || process.env.npm_config_electron_mirror;
  const host = mirror ? new URL(mirror).hostname : 'github.com';
  return new Promise((resolve) => {
    const socket = connect({ host, port: 443, timeout: PROBE_TIMEOUT_MS });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

async function findElectron() {
  const dir = electronPackageDir();
  if (!dir) return null;
  const present = installedBinary(dir);
  if (present) return present;
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || !(await canReachDownloadHost())) return null;
  console.log('Downloading the Electron binary (once)…');
  const r = spawnSync(process.execPath, [join(dir, 'install.js')], {
    stdio: ['ignore', 'ignore', 'ignore'],
    timeout: DOWNLOAD_TIMEOUT_MS,
  });
  return r.status === 0 ? installedBinary(dir) : null;
}

function hasDisplay() {
  return (
    process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
  );
}

async function main() {
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(built.status ?? 1);

  const binary = await findElectron();
  if (!binary) fail(NO_ELECTRON);
  if (!hasDisplay())
    fail(
      'No display is available (DISPLAY is not set); run `npm run serve` to use Benchphant in a browser.',
    );

  // The package directory, not the bundle: Electron then reads package.json (name, main), as a packaged app does.
  const child = spawn(binary, [root], { stdio: 'inherit', env: process.env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

main().catch((err) =>
  fail(`npm start failed: ${err instanceof Error ? err.message : String(err)}`),
);
