// The CLI's `benchphant settings show|set`: what the Settings screen sets, from a terminal, checked
// by the same contract (a refused value is one error line, nothing changed); beside a running
// `serve`, the change takes effect there without a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnServe } from '../support/cli';
import { restApi } from '../support/rest-api';
import { makeTempDir, type TempDir } from '../support/temp-dir';

describe('benchphant settings', () => {
  let dir: TempDir;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => runCli(args, { env });

  beforeAll(() => {
    dir = makeTempDir('benchphant-cli-settings-');
    env = { BENCHPHANT_DATA_DIR: dir.path, BENCHPHANT_SECRET_STORE: 'memory' };
  });
  afterAll(() => dir.remove());

  it('shows the defaults, sets some, keeps the rest and refuses a bad value', async () => {
    const first = await cli('settings', 'show');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Theme: system');
    expect(first.stdout).toContain('Host metrics: a sample every 5 s, kept 30 days, archive on');

    const set = await cli(
      'settings',
      'set',
      '--theme',
      'dark',
      '--clients',
      '12',
      '--sampling-interval',
      '10',
      '--archive',
      'off',
      '--slow-query-ms',
      '300',
    );
    expect(set.code).toBe(0);
    const shown = JSON.parse((await cli('settings', 'show', '--json')).stdout) as {
      theme: string;
      bench_defaults: { clients: number; duration: number };
      metrics: { sampling_interval_seconds: number; archive_enabled: boolean };
      tenant_logs: { slow_query_ms: number };
    };
    expect(shown.theme).toBe('dark');
    expect(shown.bench_defaults).toMatchObject({ clients: 12, duration: 30 });
    expect(shown.metrics).toMatchObject({ sampling_interval_seconds: 10, archive_enabled: false });
    expect(shown.tenant_logs.slow_query_ms).toBe(300);

    const bad = await cli('settings', 'set', '--theme', 'purple');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('theme must be one of: system, light, dark');
    expect((await cli('settings', 'show')).stdout).toContain('Theme: dark');
  }, 60_000);

  it('reaches a running server: it samples at the new pace and serves the new values', async () => {
    const token = `settings-token-${process.pid}`;
    const server = await spawnServe(['--port', '0'], {
      env: { ...env, BENCHPHANT_TOKEN: token },
    });
    const api = restApi(server.url.origin, token);
    const get = async (path: string) => (await api('GET', path)).body;
    try {
      // The server samples every 5 s until told otherwise.
      await cli('settings', 'set', '--sampling-interval', '5');
      await expect
        .poll(async () => (await get('/api/v1/metrics/current')).interval_seconds, {
          timeout: 10_000,
        })
        .toBe(5);

      const set = await cli(
        'settings',
        'set',
        '--sampling-interval',
        '1',
        '--theme',
        'light',
        '--slow-query-ms',
        '450',
      );
      expect(set.code, set.stderr).toBe(0);
      expect(set.stdout).toMatch(
        new RegExp(
          `Saved; benchphant serve \\(pid ${server.child.pid}\\) is running and applies it within 1 s, no restart needed\\.`,
        ),
      );
      await expect
        .poll(async () => (await get('/api/v1/metrics/current')).interval_seconds, {
          timeout: 10_000,
        })
        .toBe(1);
      // Samples now come a second apart, not five: the sampler itself took the new pace.
      const stamps = new Set<string>();
      await expect
        .poll(
          async () => {
            const sample = (await get('/api/v1/metrics/current')).sample as {
              timestamp: string;
            } | null;
            if (sample) stamps.add(sample.timestamp);
            return stamps.size;
          },
          { timeout: 8_000, interval: 200 },
        )
        .toBeGreaterThanOrEqual(4);
      expect((await get('/api/v1/settings')).theme).toBe('light');
      expect((await get('/api/v1/tenant-logs/settings')).slow_query_ms).toBe(450);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    const alone = await cli('settings', 'set', '--theme', 'dark');
    expect(alone.stdout).toContain('Saved; the app and the server use it from their next start.');
  }, 90_000);
});
