// A process that dies mid-run: the next start shows the run as interrupted, with everything up
// to its last saved interval.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { createHarness, until } from './harness';

const dir = mkdtempSync(join(tmpdir(), 'bp-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('marks a run whose process died as interrupted and keeps its saved intervals', async () => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'crash-child.ts'), dir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await until(() => /\n/.test(out), 30_000);
  const id = out.trim();
  const file = join(dir, 'benchphant.sqlite');
  await until(() => {
    const db = new Database(file, { readonly: true });
    try {
      return (
        (
          db.prepare('SELECT count(*) AS n FROM bench_intervals WHERE run_id = ?').get(id) as {
            n: number;
          }
        ).n >= 2
      );
    } finally {
      db.close();
    }
  }, 30_000);
  child.kill('SIGKILL');
  await exited;
  const saved = new Database(file, { readonly: true });
  const lastSaved = (
    saved.prepare('SELECT max(at) AS at FROM bench_intervals WHERE run_id = ?').get(id) as {
      at: string;
    }
  ).at;
  saved.close();

  const restartedAt = new Date().toISOString();
  const h = createHarness({ dir });
  try {
    const run = h.engine.get(id);
    expect(run.status).toBe('interrupted');
    // It ended with its last saved interval, not when Benchphant came back.
    expect(run.end_time).toBe(lastSaved);
    expect(run.end_time! <= restartedAt).toBe(true);
    expect(run.message).toMatch(/stopped during this run/);
    expect(run.metrics.tps).toBeGreaterThan(0);
    expect(run.metrics.latency.p99).toBeGreaterThan(0);
    expect(h.engine.intervals(id).length).toBeGreaterThanOrEqual(2);
    expect(h.engine.histogram(id)).toBeTruthy();
    expect(h.engine.list().find((r) => r.id === id)?.status).toBe('interrupted');
  } finally {
    await h.close();
  }
});
