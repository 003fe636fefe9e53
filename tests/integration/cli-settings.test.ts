// The CLI's `benchphant settings show|set`: what the Settings screen sets, from a terminal, checked
// by the same contract (a refused value is one error line, nothing changed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
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
});
