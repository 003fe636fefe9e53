// End to end: a connection that goes through SSH (a real OpenSSH server on this machine) shows
// its server host on the Monitor's connection dashboard beside the database: CPU and disk cards
// with the figures the core read over the SSH session.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownHostsLine, makeKeyPair, startSshd, type Sshd } from '../support/sshd';
import { makeTempDir, type TempDir } from '../support/temp-dir';
import { testPg } from '../support/test-databases';
import { ARTIFACTS, useBrowserApp } from './harness';
import { MonitorPage } from './pages/monitor-page';

let home: TempDir;
let sshd: Sshd;
let keyFile: string;
let connectionId: string;
const savedHome = process.env.HOME;

// Before the app's own hooks: the core reads known_hosts from this HOME when it opens the tunnel.
beforeAll(async () => {
  home = makeTempDir('benchphant-monitor-ssh-home-');
  mkdirSync(join(home.path, '.ssh'), { mode: 0o700 });
  const key = await makeKeyPair(home.path, 'id_monitor');
  keyFile = key.privateFile;
  sshd = await startSshd({ authorizedKeys: [key.publicLine] });
  process.env.HOME = home.path;
  writeFileSync(join(home.path, '.ssh', 'known_hosts'), `${knownHostsLine(sshd)}\n`);
});

afterAll(async () => {
  await sshd?.stop();
  process.env.HOME = savedHome;
  home?.remove();
});

const app = useBrowserApp({
  name: 'monitor-ssh',
  page: 'once',
  timeout: 30_000,
  viewport: { width: 1280, height: 800 },
  async seed() {
    ({ id: connectionId } = await app.api('connections.create', {
      ...testPg(),
      name: 'pg behind ssh',
      environment: 'test',
      tls: { mode: 'disable' },
      ssh: {
        host: '127.0.0.1',
        port: sshd.port,
        user: 'root',
        auth: 'key',
        key_file: keyFile,
        jumps: [],
      },
    }));
  },
});

let page: Page;

beforeAll(async () => {
  page = app.page;
  await new MonitorPage(page).open(app.server.url);
});

describe('A connection through SSH on the Monitor', () => {
  it("shows the server host's CPU and disks, read over the SSH session", async () => {
    await page
      .getByRole('combobox', { name: 'Watch' })
      .selectOption({ label: 'pg behind ssh (database and its server over SSH)' });
    const usage = page.getByTestId('db-host-cpu-cpu_usage_percent');
    await expect
      .poll(async () => usage.textContent(), { timeout: 20_000 })
      .toMatch(/Usage [\d.]+ %/);
    // No "add SSH" hint: the host is there.
    expect(await page.getByTestId('db-host-problem').count()).toBe(0);
    await expect
      .poll(
        async () => Number(await page.getByTestId('db-chart-host-cpu').getAttribute('data-points')),
        { timeout: 15_000 },
      )
      .toBeGreaterThan(1);
    await page.getByTestId('db-host-io-disk_read_bytes_per_sec').waitFor();

    // What the card shows is what the core read over SSH (the live sample, one second apart at most).
    const shown = async () =>
      Number(/Usage ([\d.]+) %/.exec((await usage.textContent()) ?? '')?.[1]);
    await expect
      .poll(
        async () => {
          const live = await app.api('hostmetrics.live', { id: connectionId });
          return Math.abs((await shown()) - (live?.values.cpu_usage_percent ?? -100));
        },
        { timeout: 15_000 },
      )
      .toBeLessThan(0.5);
    expect(app.core.hostMetrics.watching()).toContain(connectionId);
    await page
      .getByTestId('db-card-host-cpu')
      .screenshot({ path: join(ARTIFACTS, 'monitor-ssh-host.png') });
  });
});
