// The process table on a fake /proc: the database servers and this process are read from the first
// tick on, the busiest others once a round has ranked them, and the page size comes from statm.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageSizeFrom, ProcessTable } from '../../../main/core/metrics/processes';
import { tempDir } from './helpers';

function writePid(proc: string, pid: number, name: string, ticks: number) {
  mkdirSync(join(proc, String(pid)), { recursive: true });
  writeFileSync(
    join(proc, String(pid), 'stat'),
    `${pid} (${name}) S 1 1 1 0 -1 0 0 0 0 0 ${ticks} 0 0 0 20 0 1 0 ${pid * 10} 0 100 0\n`,
  );
}

describe('process table', () => {
  it('reads the database servers and itself at once, then ranks the busiest a slice at a time', () => {
    const proc = join(tempDir(), 'proc');
    writePid(proc, 10, 'postgres', 5);
    writePid(proc, 11, 'mariadbd', 5);
    writePid(proc, 12, 'benchphant', 1);
    for (let pid = 100; pid < 110; pid += 1) writePid(proc, pid, `idle${pid}`, 0);
    writePid(proc, 200, 'hog', 0);
    const table = new ProcessTable({ procRoot: proc, slice: 4, top: 1, selfPid: 12 });
    const first = table.snapshot(0).map((p) => p.name);
    expect(first.sort()).toEqual(['benchphant', 'mariadbd', 'postgres']);

    // The hog burns CPU; once a round through the list has seen it twice, it is read every tick.
    let now = 0;
    for (let tick = 1; tick <= 12; tick += 1) {
      now += 1000;
      writePid(proc, 200, 'hog', tick * 100);
      table.snapshot(now);
    }
    expect(table.snapshot(now + 1000).map((p) => p.name)).toContain('hog');

    // A process that ended is dropped, not an error.
    rmSync(join(proc, '10'), { recursive: true });
    expect(table.snapshot(now + 2000).map((p) => p.name)).not.toContain('postgres');
  });

  it('derives the page size from statm and status', () => {
    expect(pageSizeFrom('1000 250 30 1 0 50 0', 'Name:\tnode\nVmRSS:\t    1000 kB\n')).toBe(4096);
    expect(pageSizeFrom('100 16 3 1 0 5 0', 'VmRSS:\t    1024 kB\n')).toBe(65536);
    expect(pageSizeFrom('', '')).toBe(4096);
  });
});
