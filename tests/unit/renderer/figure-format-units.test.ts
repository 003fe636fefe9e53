// One format for numbers, dates and changes: counts with their noun, durations in the unit that
// fits, bytes humanised (server settings such as "16384 8kB" read "128 MiB"), local times with the
// zone, and ▲/▼ as the direction with the tone saying better or worse.
import { describe, expect, it } from 'vitest';
import {
  bytes,
  countOf,
  dateTime,
  direction,
  durationMs,
  settingValue,
  shortDateTime,
  timeOfDay,
} from '../../../renderer/src/components/figure-format';

describe('counts', () => {
  it('writes thousands separators and the noun in the right number', () => {
    expect(countOf(1, 'row')).toBe('1 row');
    expect(countOf(0, 'row')).toBe('0 rows');
    expect(countOf(12_345, 'row')).toBe('12,345 rows');
    expect(countOf(2, 'canary tenant')).toBe('2 canary tenants');
    expect(countOf(3, 'query', 'queries')).toBe('3 queries');
  });
});

describe('durations', () => {
  it('picks the unit that fits', () => {
    expect(durationMs(0.42)).toBe('0.42 ms');
    expect(durationMs(850)).toBe('850 ms');
    expect(durationMs(1_234)).toBe('1.23 s');
    expect(durationMs(12_500)).toBe('12.5 s');
    expect(durationMs(185_000)).toBe('3 min 5 s');
    expect(durationMs(7_380_000)).toBe('2 h 3 min');
  });
});

describe('bytes', () => {
  it('humanises in binary units', () => {
    expect(bytes(512)).toBe('512 B');
    expect(bytes(128 * 1024 ** 2)).toBe('128 MiB');
    expect(bytes(1.5 * 1024 ** 3)).toBe('1.5 GiB');
    expect(bytes(16 * 1024 ** 4)).toBe('16 TiB');
  });

  it('reads server settings as a person would', () => {
    expect(settingValue('shared_buffers', '16384 8kB')).toBe('128 MiB');
    expect(settingValue('work_mem', '4096 kB')).toBe('4 MiB');
    expect(settingValue('max_wal_size', '1024 MB')).toBe('1 GiB');
    expect(settingValue('checkpoint_timeout', '300 s')).toBe('5 min');
    expect(settingValue('innodb_buffer_pool_size', '134217728')).toBe('128 MiB');
    expect(settingValue('max_connections', '10000')).toBe('10,000');
    expect(settingValue('random_page_cost', '1.1')).toBe('1.1');
    expect(settingValue('synchronous_commit', 'on')).toBe('on');
    // -1 and 0 are "off"/"default" markers, not sizes.
    expect(settingValue('effective_cache_size', '-1 8kB')).toBe('-1 8kB');
  });
});

describe('times', () => {
  it('shows local time with its zone, never the raw ISO string', () => {
    const iso = '2026-12-06T18:40:12.000Z';
    const long = dateTime(iso);
    const short = shortDateTime(iso);
    const zone = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
      .formatToParts(new Date(iso))
      .find((p) => p.type === 'timeZoneName')?.value;
    expect(zone).toBeTruthy();
    expect(long).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2} /);
    expect(long.endsWith(zone!)).toBe(true);
    expect(short).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{2}:\d{2}:\d{2} /);
    expect(short.endsWith(zone!)).toBe(true);
    expect(long).not.toContain('T18');
    expect(dateTime(null)).toBe('—');
    expect(timeOfDay(iso)).toMatch(/^\d{2}:\d{2}:\d{2} /);
    expect(timeOfDay(iso).endsWith(zone!)).toBe(true);
    expect(dateTime(Date.parse(iso))).toBe(long);
  });
});

describe('direction of a change', () => {
  it('gives ▲ for up and ▼ for down whatever is better', () => {
    expect(direction(12, true)).toEqual({ arrow: '▲', tone: 'better' });
    expect(direction(12, false)).toEqual({ arrow: '▲', tone: 'worse' });
    expect(direction(-8, false)).toEqual({ arrow: '▼', tone: 'better' });
    expect(direction(-8, true)).toEqual({ arrow: '▼', tone: 'worse' });
    expect(direction(0, true)).toEqual({ arrow: '=', tone: 'same' });
    expect(direction(1.5, true, 2)).toEqual({ arrow: '▲', tone: 'same' });
  });
});
