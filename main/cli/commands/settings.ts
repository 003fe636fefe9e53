// Runs in the CLI process. `benchphant settings show|set`: the Settings screen's values (theme,
// benchmark defaults, host-metrics sampling and retention, the tenant log's slow threshold).
import type { Command } from 'commander';
import { SETTINGS_WATCH_MS } from '../../core/settings/settings-watch';
import { liveOwner } from '../../core/store/lock-file';
import { type CliIo, writeLine } from '../io';
import { type Session, withSession } from '../session';

interface SetOptions {
  theme?: string;
  clients?: string;
  duration?: string;
  warmup?: string;
  reportIntervalMs?: string;
  schema?: string;
  samplingInterval?: string;
  retentionDays?: string;
  archive?: string;
  slowQueryMs?: string;
}

/** A number option as typed; the contract's schema says what is wrong with it. */
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
/** on/off as a boolean; anything else goes through as typed, for the schema to refuse. */
const onOff = (v: string | undefined) => (v === 'on' ? true : v === 'off' ? false : v);
const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

async function current(s: Session) {
  const [app, metrics, logs] = await Promise.all([
    s.call('settings.get'),
    s.call('config.get'),
    s.call('tenantLogs.settings'),
  ]);
  return { ...app, metrics, tenant_logs: logs };
}

function describe(all: Awaited<ReturnType<typeof current>>): string {
  const b = all.bench_defaults;
  return [
    `Theme: ${all.theme}`,
    `New runs start with: ${b.clients} clients, ${b.duration} s, ${b.warmup} s warm-up, a report every ${b.report_interval_ms} ms, schema ${b.schema}`,
    `Host metrics: a sample every ${all.metrics.sampling_interval_seconds} s, kept ${all.metrics.retention_days} days, archive ${all.metrics.archive_enabled ? 'on' : 'off'}`,
    `Tenant query log: slow from ${all.tenant_logs.slow_query_ms} ms`,
  ].join('\n');
}

export function settingsCommand(program: Command, io: CliIo): void {
  const cmd = program
    .command('settings')
    .description('Show or change the settings the Settings screen shows.');

  cmd
    .command('show')
    .description('Print every setting.')
    .option('--json', 'print them as JSON')
    .action((o: { json?: boolean }) =>
      withSession(io, async (s) => {
        const all = await current(s);
        writeLine(io.stdout, o.json ? JSON.stringify(all, null, 2) : describe(all));
      }),
    );

  cmd
    .command('set')
    .description('Change some settings; the others stay as they are.')
    .option('--theme <theme>', 'system, light or dark')
    .option('--clients <n>', 'clients a new run starts with')
    .option('--duration <seconds>', 'measured seconds a new run starts with')
    .option('--warmup <seconds>', 'warm-up seconds a new run starts with')
    .option('--report-interval-ms <ms>', 'report interval a new run starts with')
    .option('--schema <name>', 'benchmark schema (PostgreSQL) or database (MySQL) of a new run')
    .option('--sampling-interval <seconds>', 'host metrics: seconds between samples')
    .option('--retention-days <days>', 'host metrics: days kept')
    .option('--archive <on|off>', 'host metrics: archive what retention removes')
    .option('--slow-query-ms <ms>', 'tenant query log: a statement this slow counts as slow')
    .action((o: SetOptions) =>
      withSession(io, async (s) => {
        const bench = defined({
          clients: num(o.clients),
          duration: num(o.duration),
          warmup: num(o.warmup),
          report_interval_ms: num(o.reportIntervalMs),
          schema: o.schema,
        });
        const metrics = defined({
          sampling_interval_seconds: num(o.samplingInterval),
          retention_days: num(o.retentionDays),
          archive_enabled: onOff(o.archive),
        });
        if (o.theme !== undefined || Object.keys(bench).length > 0)
          await s.call('settings.update', {
            ...(o.theme !== undefined ? { theme: o.theme } : {}),
            ...(Object.keys(bench).length > 0 ? { bench_defaults: bench } : {}),
          });
        if (Object.keys(metrics).length > 0) await s.call('config.update', metrics);
        if (o.slowQueryMs !== undefined)
          await s.call('tenantLogs.configure', { slow_query_ms: num(o.slowQueryMs) });
        writeLine(io.stdout, describe(await current(s)));
        // A running app or server watches the store (core/settings/settings-watch.ts).
        const owner = liveOwner(s.core.paths.lock);
        writeLine(
          io.stdout,
          owner
            ? `Saved; ${owner.what} (pid ${owner.pid}) is running and applies it within ${SETTINGS_WATCH_MS / 1000} s, no restart needed.`
            : 'Saved; the app and the server use it from their next start.',
        );
      }),
    );
}
