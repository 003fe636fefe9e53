import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OpenFiles } from '../../../main/core/metrics/open-files';
import { tempDir } from './helpers';

describe('open files', () => {
  it('sees each new content through the kept descriptor, however long', () => {
    const file = join(tempDir(), 'stat');
    const files = new OpenFiles();
    writeFileSync(file, 'cpu 1 2 3\n');
    expect(files.read(file)).toBe('cpu 1 2 3\n');
    const long = 'x'.repeat(200_000);
    writeFileSync(file, long);
    expect(files.read(file)).toBe(long);
    writeFileSync(file, 'short');
    expect(files.read(file)).toBe('short');
    files.close();
  });

  it('throws for a file that does not exist, like readFileSync', () => {
    expect(() => new OpenFiles().read('/proc/no-such-file')).toThrow(/ENOENT/);
  });

  it('reads the real /proc/stat the same way twice', () => {
    const files = new OpenFiles();
    const a = files.read('/proc/stat');
    const b = files.read('/proc/stat');
    expect(a.startsWith('cpu ')).toBe(true);
    expect(b.split('\n').length).toBe(a.split('\n').length);
    files.close();
  });
});
