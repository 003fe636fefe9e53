// Runs in the main process (sampler). Keeps the per-tick /proc and /sys files open and re-reads
// them from offset 0, which regenerates their contents without an open/close per tick.
import { closeSync, openSync, readSync } from 'node:fs';

export class OpenFiles {
  private readonly fds = new Map<string, number>();
  private buffer = Buffer.alloc(64 * 1024);

  /** The whole file as latin1 text; throws like readFileSync when it cannot be opened. */
  read(path: string): string {
    let fd = this.fds.get(path);
    if (fd === undefined) {
      fd = openSync(path, 'r');
      this.fds.set(path, fd);
    }
    let length = 0;
    for (;;) {
      if (length === this.buffer.length) {
        // /proc/stat on a machine with many CPUs and interrupts outgrows the first buffer.
        const bigger = Buffer.alloc(this.buffer.length * 2);
        this.buffer.copy(bigger);
        this.buffer = bigger;
      }
      const n = readSync(fd, this.buffer, length, this.buffer.length - length, length);
      if (n === 0) break;
      length += n;
    }
    return this.buffer.toString('latin1', 0, length);
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}
