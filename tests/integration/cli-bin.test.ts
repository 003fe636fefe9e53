// The `benchphant` command as installed (bin/benchphant.mjs): it builds its bundle on a fresh
// checkout and after a source change. It runs in a copy of the checkout's layout (sources linked, dist/ its own), so the
// checkout's own dist/ is never rebuilt under the other tests.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../support/temp-dir';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Started {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('the benchphant command', () => {
  let dir: TempDir;
  const bin = () => join(dir.path, 'bin', 'benchphant.mjs');
  const cli = () => join(dir.path, 'dist', 'main', 'cli.mjs');
  const start = (): Promise<Started> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [bin(), '--help'], {
        cwd: dir.path,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });

  beforeAll(() => {
    dir = makeTempDir('benchphant-bin-');
    for (const linked of [
      'main',
      'shared',
      'preload',
      'node_modules',
      'package.json',
      'tsconfig.json',
      'tsconfig.base.json',
      'tsconfig.node.json',
    ])
      symlinkSync(join(ROOT, linked), join(dir.path, linked));
    for (const file of ['bin/benchphant.mjs', 'scripts/build.mjs']) {
      mkdirSync(dirname(join(dir.path, file)), { recursive: true });
      copyFileSync(join(ROOT, file), join(dir.path, file));
    }
  });
  afterAll(() => dir.remove());

  it('builds its bundle on first use, then runs it', async () => {
    const first = await start();
    expect(first.stderr).toContain('Building the Benchphant CLI (first run)');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Usage: benchphant');
  }, 120_000);

  it('rebuilds after a source changed, and not again while nothing changes', async () => {
    // A `git pull` leaves sources newer than the bundle: here the bundle is made older instead,
    // so no file of the checkout is touched.
    const year = new Date(Date.now() - 365 * 86_400_000);
    utimesSync(cli(), year, year);
    const rebuilt = await start();
    expect(rebuilt.stderr).toContain('Rebuilding the Benchphant CLI (its sources changed)');
    expect(rebuilt.code).toBe(0);
    expect(statSync(cli()).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
    const again = await start();
    expect(again.stderr).not.toMatch(/Building|Rebuilding/);
    expect(again.stdout).toContain('Usage: benchphant');
  }, 120_000);
});
