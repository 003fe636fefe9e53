// Runs in the main process (sampler). Finds the busiest processes of this machine without walking
// all of /proc each tick: a slice of the process list per tick ranks them, and only the chosen
// few (plus the database servers and Benchphant itself) are read every tick. Never starts a process.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_PROCESSES, parseProcessStats, type ProcessTimes } from './proc';

export interface ProcessTableOptions {
  procRoot: string;
  /** Processes looked at per tick while ranking (each read costs a few microseconds). */
  slice?: number;
  /** How many of the busiest are read every tick, besides the database servers and self. */
  top?: number;
  /** At most this many database server processes (a benchmark's backends) are read every tick. */
  databaseCap?: number;
  selfPid?: number;
}

interface Visit {
  times: ProcessTimes;
  at: number;
  /** Ticks per millisecond between the last two visits (the ranking key). */
  rate: number;
}

const DB_NAMES: ReadonlySet<string> = new Set(DATABASE_PROCESSES);

export class ProcessTable {
  private readonly slice: number;
  private readonly top: number;
  private readonly databaseCap: number;
  readonly selfPid: number;
  private queue: number[] = [];
  private readonly visits = new Map<number, Visit>();
  private tracked: number[] = [];

  constructor(private readonly opts: ProcessTableOptions) {
    this.slice = opts.slice ?? 8;
    this.top = opts.top ?? 5;
    this.databaseCap = opts.databaseCap ?? 8;
    this.selfPid = opts.selfPid ?? process.pid;
    this.tracked = [this.selfPid];
  }

  private read(pid: number): ProcessTimes | null {
    try {
      return (
        parseProcessStats(
          readFileSync(join(this.opts.procRoot, String(pid), 'stat'), 'latin1'),
        )[0] ?? null
      );
    } catch {
      // The process ended since it was listed.
      return null;
    }
  }

  private visit(pid: number, now: number): ProcessTimes | null {
    const times = this.read(pid);
    const before = this.visits.get(pid);
    if (!times) {
      this.visits.delete(pid);
      return null;
    }
    // A reused pid (another start time) starts its ranking afresh.
    const rate =
      before && before.times.started === times.started && now > before.at
        ? Math.max(0, times.ticks - before.times.ticks) / (now - before.at)
        : 0;
    this.visits.set(pid, { times, at: now, rate });
    return times;
  }

  /** Picks who is read every tick once a round through the process list is complete. */
  private rank(): void {
    const all = [...this.visits.entries()];
    const db = all
      .filter(([, v]) => DB_NAMES.has(v.times.name))
      .sort((a, b) => b[1].rate - a[1].rate)
      .slice(0, this.databaseCap);
    const busiest = all.sort((a, b) => b[1].rate - a[1].rate).slice(0, this.top);
    this.tracked = [
      ...new Set([this.selfPid, ...busiest.map(([pid]) => pid), ...db.map(([pid]) => pid)]),
    ];
  }

  /** This tick's readings of the tracked processes; also ranks one more slice of the list. */
  snapshot(now: number): ProcessTimes[] {
    if (this.queue.length === 0) {
      this.rank();
      let listed: string[] = [];
      try {
        listed = readdirSync(this.opts.procRoot);
      } catch {
        // No /proc: no processes to report.
      }
      const pids = listed.filter((d) => /^\d+$/.test(d)).map(Number);
      const alive = new Set(pids);
      for (const pid of this.visits.keys()) if (!alive.has(pid)) this.visits.delete(pid);
      // The very first round is read at once, so the database servers are reported from the
      // first sample on; later rounds go a slice per tick.
      if (this.visits.size === 0) {
        for (const pid of pids) this.visit(pid, now);
        this.rank();
      } else this.queue = pids;
    }
    const trackedSet = new Set(this.tracked);
    for (const pid of this.queue.splice(0, this.slice))
      if (!trackedSet.has(pid)) this.visit(pid, now);
    const out: ProcessTimes[] = [];
    for (const pid of this.tracked) {
      const t = this.visit(pid, now);
      if (t) out.push(t);
    }
    return out;
  }
}

/**
 * Bytes per page, from this process's own RSS in pages (statm) and in kB (status): no getconf
 * child process. Rounded to a power of two; 4096 when the files say nothing useful.
 */
export function pageSizeFrom(statm: string, status: string): number {
  const pages = Number(statm.split(' ')[1]);
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  if (!(pages > 0) || !(kb > 0)) return 4096;
  return 2 ** Math.round(Math.log2((kb * 1024) / pages));
}
