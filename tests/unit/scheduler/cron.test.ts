// Cron expressions: a clear message naming the bad field, words for common shapes, and next-run
// times in a named time zone across daylight-saving changes.
import { describe, expect, it } from 'vitest';
import { parseSchedule } from '../../../main/core/scheduler/cron';

describe('parseSchedule', () => {
  it.each([
    ['61 2 * * *', /minute \(0-59\) field is not valid/],
    ['0 25 * * *', /hour \(0-23\) field is not valid/],
    ['0 2 * * 9', /day of week/],
    ['0 2 * 13 *', /month/],
    ['* * *', /has 3 field\(s\); write 5/],
    ['0 0 0 1 1 * 2030', /has 7 field\(s\)/],
    ['0 2 31 2 *', /never runs/],
  ])('refuses %j naming what is wrong', (expr, message) => {
    expect(() => parseSchedule(expr, 'UTC')).toThrow(message);
  });

  it.each([
    ['0 2 * * *', 'every day at 02:00'],
    ['30 7 * * 1-5', 'every weekday (Monday to Friday) at 07:30'],
    ['0 3 * * 0', 'every Sunday at 03:00'],
    ['15 * * * *', 'every hour at :15'],
    ['*/10 * * * *', 'every 10 minutes'],
    ['0 0 1 * *', 'on day 1 of every month at 00:00'],
    ['@daily', 'every day at 00:00'],
    ['0 0 2 * * *', 'every day at 02:00'],
    ['0 2 * 1-3 *', 'cron 0 2 * 1-3 *'],
  ])('says %j as %j', (expr, text) => {
    expect(parseSchedule(expr, 'UTC').text).toBe(text);
  });

  it('computes runs in the task time zone through the spring DST change', () => {
    // Europe/Berlin skips 02:00–03:00 on 29 March 2026: the 02:30 run that day happens at 03:00 CEST.
    const s = parseSchedule('30 2 * * *', 'Europe/Berlin');
    const runs = s.nextRuns(3, new Date('2026-03-28T00:00:00Z')).map((d) => d.toISOString());
    expect(runs).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET (UTC+1)
      '2026-03-29T01:00:00.000Z', // 03:00 CEST: the hour 02:xx does not exist
      '2026-03-30T00:30:00.000Z', // 02:30 CEST (UTC+2)
    ]);
  });

  it('runs once through the autumn DST change, when 02:30 happens twice', () => {
    // On 25 October 2026 Berlin's clocks go from 03:00 CEST back to 02:00 CET.
    const s = parseSchedule('30 2 * * *', 'Europe/Berlin');
    const runs = s.nextRuns(3, new Date('2026-10-24T12:00:00Z')).map((d) => d.toISOString());
    expect(runs[0]).toBe('2026-10-25T00:30:00.000Z');
    expect(runs[1]).toBe('2026-10-26T01:30:00.000Z');
    expect(runs).toHaveLength(3);
  });

  it('gives the latest slot at or before a time, for missed-run checks', () => {
    const s = parseSchedule('0 2 * * *', 'UTC');
    expect(s.previous(new Date('2026-12-06T02:00:00Z'))?.toISOString()).toBe(
      '2026-12-06T02:00:00.000Z',
    );
    expect(s.previous(new Date('2026-12-06T01:59:59Z'))?.toISOString()).toBe(
      '2026-12-05T02:00:00.000Z',
    );
    expect(s.next(new Date('2026-12-06T02:00:00Z'))?.toISOString()).toBe(
      '2026-12-07T02:00:00.000Z',
    );
  });
});
