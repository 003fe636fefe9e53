// Gaps in host samples: found from the usual spacing, and at the edges of the asked range too.
import { describe, expect, it } from 'vitest';
import { findGaps, usualSpacing } from '../../../renderer/src/features/monitor/gaps';
import { formatTick, formatValue } from '../../../renderer/src/features/monitor/series';

describe('gaps in samples', () => {
  const ts = [0, 1000, 2000, 3000, 60_000, 61_000, 62_000];

  it('takes the usual spacing from the samples, never below the nominal interval', () => {
    expect(usualSpacing(ts, null)).toBe(1000);
    expect(usualSpacing(ts, 5000)).toBe(5000);
    expect(usualSpacing([], 1000)).toBe(1000);
  });

  it('finds a pause well beyond the spacing, and jitter is none', () => {
    expect(findGaps(ts, 1000)).toEqual([{ from: 3000, to: 60_000 }]);
    expect(findGaps([0, 1000, 2400, 3400], 1000)).toEqual([]);
  });

  it('finds missing samples at the start and end of the asked range', () => {
    expect(findGaps([10_000, 11_000], 1000, [0, 20_000])).toEqual([
      { from: 0, to: 10_000 },
      { from: 11_000, to: 20_000 },
    ]);
  });
});

describe('axis ticks of byte rates', () => {
  it('reads in the binary unit that fits, without decimals a round tick does not need', () => {
    expect(formatTick(400 * 1024 * 1024, 'bytesPerSec')).toBe('400 MiB/s');
    expect(formatTick(2.5 * 1024, 'bytesPerSec')).toBe('2.5 KiB/s');
    // A value reads like every byte figure of the app: binary units, three significant digits.
    expect(formatValue(1.5 * 1024 ** 3, 'bytesPerSec')).toBe('1.5 GiB/s');
    expect(formatValue(12_345, 'mbps')).toBe('12,345 MB/s');
    expect(formatTick(25, 'percent')).toBe('25 %');
  });
});
