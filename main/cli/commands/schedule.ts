// Runs in the CLI process. `benchphant schedule list|add|show|run|pause|resume|rm`: scheduled
// tasks through the one dispatcher; `run` waits for its execution and exits 1 when it failed or
// regressed, so a pipeline can gate on it. Webhook URLs are secrets and are never printed.
import type { Command } from 'commander';
import type { Execution, Task } from '../../../shared/contract/scheduler';
import { CliFailure, EXIT_FAILED, EXIT_USAGE } from '../exit';
import { type CliIo, writeLine } from '../io';
import { withOwnerSession, withSession } from '../session';
import { renderTable } from '../table';

const when = (iso: string | null | undefined) => (iso ? iso.replace('T', ' ').slice(0, 16) : '-');

function taskRows(tasks: Task[]): string[][] {
  return tasks.map((t) => [
    t.id,
    t.name,
    t.task_type,
    t.schedule_text,
    t.timezone,
    t.is_active ? 'active' : `paused${t.inactive_reason ? `: ${t.inactive_reason}` : ''}`,
    when(t.next_run_at),
    t.last_run ? `${t.last_run.status} ${when(t.last_run.started_at)}` : '-',
  ]);
}

const TASK_HEADERS = [
  'ID',
  'NAME',
  'TYPE',
  'SCHEDULE',
  'ZONE',
  'STATE',
  'NEXT RUN (UTC)',
  'LAST RUN',
];

function printExecutions(io: CliIo, list: Execution[]): void {
  writeLine(
    io.stdout,
    renderTable(
      ['STARTED (UTC)', 'STATUS', 'TRIGGER', 'DURATION', 'SUMMARY'],
      list.map((e) => [
        when(e.started_at),
        e.status,
        e.trigger,
        e.duration_ms === null ? '-' : `${(e.duration_ms / 1000).toFixed(1)} s`,
        e.summary,
      ]),
    ),
  );
}

/** `--param key=value` pairs; values that read as JSON (numbers, true, lists) are taken as such. */
function params(pairs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliFailure(`--param "${pair}": write key=value.`, EXIT_USAGE);
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // A plain word stays a string.
    }
    out[pair.slice(0, eq)] = value;
  }
  return out;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function scheduleCommand(program: Command, io: CliIo, setExit: (code: number) => void) {
  const cmd = program
    .command('schedule')
    .description('Scheduled tasks: nightly benchmarks with thresholds, query analytics, backups.');

  cmd
    .command('list')
    .description('List tasks with their schedule, next run and last result.')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) =>
      withSession(io, async (s) => {
        const tasks = await s.call('scheduler.list', {});
        if (o.json) writeLine(io.stdout, JSON.stringify(tasks, null, 2));
        else writeLine(io.stdout, renderTable(TASK_HEADERS, taskRows(tasks)));
      }),
    );

  cmd
    .command('add <name>')
    .description(
      'Create a task, e.g. add nightly --type benchmark --connection ID --cron "0 2 * * *" --param profile=nightly --param fail_on="p99>+10%".',
    )
    .requiredOption('--type <type>', 'benchmark | log_analysis | backup | connection_check')
    .requiredOption('--connection <id>', 'the saved connection the task uses')
    .requiredOption(
      '--cron <expression>',
      '5 fields (minute hour day month weekday) or 6 with seconds',
    )
    .option('--timezone <zone>', 'IANA time zone of the schedule', 'UTC')
    .option('--param <key=value>', 'a task parameter (repeat)', collect, [])
    .option(
      '--webhook <url>',
      'POSTed a summary when an execution fails or regresses (kept as a secret)',
    )
    .option('--paused', 'create it inactive')
    .option('--json', 'print JSON')
    .action(
      (
        name: string,
        o: {
          type: string;
          connection: string;
          cron: string;
          timezone: string;
          param: string[];
          webhook?: string;
          paused?: boolean;
          json?: boolean;
        },
      ) =>
        withSession(io, async (s) => {
          const t = await s.call('scheduler.create', {
            name,
            task_type: o.type,
            connection_id: o.connection,
            cron_schedule: o.cron,
            timezone: o.timezone,
            params: params(o.param),
            is_active: !o.paused,
            ...(o.webhook ? { webhook_url: o.webhook } : {}),
          });
          if (o.json) writeLine(io.stdout, JSON.stringify(t, null, 2));
          else
            writeLine(
              io.stdout,
              `Task '${t.name}' (${t.id}) runs ${t.schedule_text} (${t.timezone}); next: ${when(t.next_run_at)} UTC.`,
            );
        }),
    );

  cmd
    .command('show <id>')
    .description('A task and its recent executions.')
    .option('--json', 'print JSON')
    .action((id: string, o: { json?: boolean }) =>
      withSession(io, async (s) => {
        const task = await s.call('scheduler.get', { id });
        const executions = await s.call('scheduler.executions', { id, limit: 20 });
        if (o.json) {
          writeLine(io.stdout, JSON.stringify({ task, executions }, null, 2));
          return;
        }
        writeLine(io.stdout, renderTable(TASK_HEADERS, taskRows([task])));
        writeLine(io.stdout, '');
        printExecutions(io, executions);
      }),
    );

  cmd
    .command('run <id>')
    .description('Run a task now and wait for it; exit 1 when it fails or regresses.')
    .option('--json', 'print the execution as JSON')
    .action((id: string, o: { json?: boolean }) =>
      // A task may run a benchmark or a backup: like `run`, it needs the data directory to itself.
      withOwnerSession(io, 'benchphant schedule run', async (s) => {
        const started = await s.call('scheduler.run', { id });
        await s.core.scheduler.settled(id);
        const [done] = await s.call('scheduler.executions', { id, limit: 1 });
        const e = done?.id === started.id ? done : started;
        if (o.json) writeLine(io.stdout, JSON.stringify(e, null, 2));
        else writeLine(io.stdout, `${e.status}: ${e.summary}`);
        if (e.status !== 'succeeded') setExit(EXIT_FAILED);
      }),
    );

  for (const [verb, active] of [
    ['pause', false],
    ['resume', true],
  ] as const) {
    cmd
      .command(`${verb} <id>`)
      .description(active ? 'Resume a paused task.' : 'Pause a task (it keeps its history).')
      .action((id: string) =>
        withSession(io, async (s) => {
          const t = await s.call('scheduler.update', { id, is_active: active });
          writeLine(io.stdout, `Task '${t.name}' is ${t.is_active ? 'active' : 'paused'}.`);
        }),
      );
  }

  cmd
    .command('rm <id>')
    .description('Delete a task and its history.')
    .action((id: string) =>
      withSession(io, async (s) => {
        writeLine(io.stdout, (await s.call('scheduler.delete', { id })).message);
      }),
    );
}
