// Runs on Node 24 (through scripts/node24.mjs). `npm test`: typecheck, lint, build, then every
// vitest project, under a private D-Bus session with an unlocked gnome-keyring where the machine
// has one, so the real OS keychain is exercised. Ends with one plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

if (!process.env.BENCHPHANT_TEST_KEYRING && !process.env.BENCHPHANT_TEST_NO_KEYCHAIN) {
  if (has('dbus-run-session') && has('gnome-keyring-daemon')) {
    const self = `${JSON.stringify(process.execPath)} ${JSON.stringify(fileURLToPath(import.meta.url))} ${process.argv
      .slice(2)
      .map((a) => JSON.stringify(a))
      .join(' ')}`;
    // A keyring of its own (gnome-keyring keeps keyrings under $XDG_DATA_HOME/keyrings): the
    // tests never touch the user's real keychain, and a keyring left by an earlier run with
    // another password cannot make the unlock fail.
    const keyringHome = mkdtempSync(join(tmpdir(), 'benchphant-keyring-'));
    const r = spawnSync(
      'dbus-run-session',
      [
        '--',
        'sh',
        '-c',
        `echo -n benchphant-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec ${self}`,
      ],
      {
        stdio: 'inherit',
        env: { ...process.env, BENCHPHANT_TEST_KEYRING: '1', XDG_DATA_HOME: keyringHome },
      },
    );
    rmSync(keyringHome, { recursive: true, force: true });
    process.exit(r.status ?? 1);
  }
  console.error(
    'npm test: dbus-run-session or gnome-keyring-daemon is missing (apt-get install dbus gnome-keyring); the keychain tests will fail. Set BENCHPHANT_TEST_NO_KEYCHAIN=1 to skip them knowingly.',
  );
}

const bin = (name) => join(root, 'node_modules', '.bin', name);
function step(title, cmd, args) {
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) {
    console.log(`\n✖ ${title} failed`);
    console.log('0 passed, 1 failed');
    process.exit(r.status ?? 1);
  }
}

step('typecheck', bin('tsc'), ['-p', 'tsconfig.shared.json']);
step('typecheck (node)', bin('tsc'), ['-p', 'tsconfig.node.json']);
step('typecheck (web)', bin('tsc'), ['-p', 'tsconfig.web.json']);
step('lint', bin('eslint'), ['.', '--max-warnings', '0']);
step('format', bin('prettier'), ['--check', '--log-level', 'warn', '.']);
step('build', process.execPath, [join(root, 'scripts', 'build.mjs')]);

mkdirSync(join(root, 'test-artifacts'), { recursive: true });
const extra = process.argv.slice(2);
// The suites that share the real servers (benchmark tables, sessions counted in pg_stat_activity)
// run one file at a time across projects; the self-contained ones run in parallel.
const groups = extra.length
  ? [{ name: 'selected', args: extra }]
  : [
      { name: 'unit-contract', args: ['--project', 'unit', '--project', 'contract'] },
      {
        name: 'servers',
        args: ['--project', 'integration', '--project', 'browser', '--no-file-parallelism'],
      },
      // The native engine's tests once more, built with AddressSanitizer and UBSan.
      { name: 'native-asan', script: join(root, 'scripts', 'test-native-asan.mjs'), args: [] },
    ];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const group of groups) {
  const report = join(root, 'test-artifacts', `vitest-${group.name}.json`);
  rmSync(report, { force: true });
  console.log(`\n▶ tests (${group.name})`);
  const reporters = ['--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
  const run = group.script
    ? spawnSync(process.execPath, [group.script, ...reporters], { stdio: 'inherit', cwd: root })
    : spawnSync(bin('vitest'), ['run', ...reporters, ...group.args], {
        stdio: 'inherit',
        cwd: root,
      });
  const r = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : null;
  passed += r?.numPassedTests ?? 0;
  skipped += (r?.numPendingTests ?? 0) + (r?.numTodoTests ?? 0);
  // A file that fails to load counts as one failure even though none of its tests ran.
  failed += Math.max(r?.numFailedTests ?? 0, run.status === 0 ? 0 : 1);
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
