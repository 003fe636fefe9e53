// Runs in the main process, server and CLI. Cron expressions through croner: checked once with a
// message naming the bad field, next and previous run times in a named time zone, and in words.
import { Cron } from 'croner';
import { AppError } from '../../../shared/errors';

export interface Schedule {
  /** The first run strictly after `from`, or null when the expression never fires again. */
  next(from: Date): Date | null;
  /** The latest run at or before `at`, or null when there was none. */
  previous(at: Date): Date | null;
  nextRuns(count: number, from: Date): Date[];
  text: string;
}

/** A validated schedule; a BAD_INPUT naming the field for anything croner cannot read. */
export function parseSchedule(expression: string, timezone: string): Schedule {
  const parts = expression.trim().split(/\s+/);
  const nickname = parts.length === 1 && parts[0]!.startsWith('@');
  if (!nickname && parts.length !== 5 && parts.length !== 6) {
    throw new AppError(
      'BAD_INPUT',
      `cron_schedule "${expression}" has ${parts.length} field(s); write 5 (minute hour day-of-month month day-of-week, e.g. "0 2 * * *") or 6 (with seconds first).`,
    );
  }
  let cron: Cron;
  try {
    cron = new Cron(expression, { timezone, paused: true });
  } catch (err) {
    throw new AppError('BAD_INPUT', `cron_schedule "${expression}": ${fieldMessage(err)}`);
  }
  if (cron.nextRun(new Date()) === null) {
    throw new AppError(
      'BAD_INPUT',
      `cron_schedule "${expression}" never runs (for example the 31st of a month that has 30 days); check the day fields.`,
    );
  }
  return {
    next: (from) => cron.nextRun(from),
    previous: (at) => {
      // previousRuns looks strictly before its date; a run exactly at `at` counts as due.
      const [prev] = cron.previousRuns(1, new Date(at.getTime() + 1));
      return prev ?? null;
    },
    nextRuns: (count, from) => cron.nextRuns(count, from),
    text: describe(parts),
  };
}

function fieldMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  const m = /Invalid value for (\w+)/i.exec(raw);
  if (!m) return raw.replace(/^CronPattern:\s*/, '');
  const names: Record<string, string> = {
    second: 'second (0-59)',
    minute: 'minute (0-59)',
    hour: 'hour (0-23)',
    day: 'day of month (1-31)',
    month: 'month (1-12 or JAN-DEC)',
    dayOfWeek: 'day of week (0-7 or SUN-SAT)',
  };
  return `the ${names[m[1]!] ?? m[1]} field is not valid`;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad = (n: string) => n.padStart(2, '0');
const isNum = (s: string) => /^\d+$/.test(s);

/** Common shapes in words; anything else is quoted as written. */
function describe(parts: string[]): string {
  if (parts.length === 1) {
    const words: Record<string, string> = {
      '@yearly': 'every year on 1 January at 00:00',
      '@annually': 'every year on 1 January at 00:00',
      '@monthly': 'on day 1 of every month at 00:00',
      '@weekly': 'every Sunday at 00:00',
      '@daily': 'every day at 00:00',
      '@midnight': 'every day at 00:00',
      '@hourly': 'every hour at :00',
    };
    return words[parts[0]!.toLowerCase()] ?? `cron ${parts[0]}`;
  }
  const fields = parts.length === 6 ? parts.slice(1) : parts;
  const seconds = parts.length === 6 ? parts[0]! : '0';
  const [min, hour, dom, month, dow] = fields as [string, string, string, string, string];
  const plain = `cron ${parts.join(' ')}`;
  if (seconds !== '0') return plain;
  if (month !== '*') return plain;
  const step = /^\*\/(\d+)$/.exec(min);
  if (step && hour === '*' && dom === '*' && dow === '*') return `every ${step[1]} minutes`;
  if (min === '*' && hour === '*' && dom === '*' && dow === '*') return 'every minute';
  if (isNum(min) && hour === '*' && dom === '*' && dow === '*') return `every hour at :${pad(min)}`;
  if (!isNum(min) || !isNum(hour)) return plain;
  const at = `at ${pad(hour)}:${pad(min)}`;
  if (dom === '*' && dow === '*') return `every day ${at}`;
  if (dom === '*' && dow === '1-5') return `every weekday (Monday to Friday) ${at}`;
  if (dom === '*' && isNum(dow)) return `every ${DAYS[Number(dow) % 7]} ${at}`;
  if (isNum(dom) && dow === '*') return `on day ${dom} of every month ${at}`;
  return plain;
}
