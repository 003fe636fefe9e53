// Runs in the CLI process. `benchphant tenants list|create|impact|suspend|resume|delete|deploy|query`:
// flags become contract input through dispatch(); `deploy` waits for its job and prints progress.
// Tenant passwords are never printed here (the app's reveal is the one place they show).
import type { Command } from 'commander';
import type { JobSummary, Tenant, TenantImpact } from '../../../shared/contract/tenants';
import { CliFailure, EXIT_FAILED, EXIT_USAGE } from '../exit';
import { type CliIo, writeLine } from '../io';
import { type Session, withOwnerSession, withSession } from '../session';
import { renderTable } from '../table';

const cell = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);

function json(io: CliIo, value: unknown): void {
  writeLine(io.stdout, JSON.stringify(value, null, 2));
}

function tenantRows(tenants: Omit<Tenant, 'success'>[]): string[][] {
  return tenants.flatMap((t) =>
    t.databases.length === 0
      ? [[t.tenant_id, t.status, '', '', '', '']]
      : t.databases.map((d) => [
          t.tenant_id,
          t.status,
          d.blueprint,
          d.version ?? '-',
          `L${d.isolation_level}`,
          d.connection.connection_string,
        ]),
  );
}

function printTenant(io: CliIo, t: Tenant, asJson: boolean | undefined) {
  if (asJson) {
    json(io, t);
    return;
  }
  writeLine(
    io.stdout,
    renderTable(
      ['TENANT', 'STATUS', 'BLUEPRINT', 'VERSION', 'LEVEL', 'CONNECTION'],
      tenantRows([t]),
    ),
  );
  if (t.message) writeLine(io.stderr, t.message);
}

const sessionsText = (n: number | null): string =>
  n === null ? 'unknown (the server did not answer)' : String(n);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What a suspend or delete of the tenant would end, as the app's confirmation counts it. */
function printImpact(io: CliIo, impact: TenantImpact): void {
  const n = impact.databases.length;
  writeLine(
    io.stdout,
    `${impact.tenant_id} (${impact.status}): ${impact.sessions === null ? 'every open session ends (the server did not say how many)' : `${plural(impact.sessions, 'open session ends', 'open sessions end')}`}; logins to ${plural(n, 'database', 'databases')} are blocked.`,
  );
  if (n === 0) return;
  writeLine(
    io.stdout,
    renderTable(
      ['BLUEPRINT', 'DATABASE', 'SESSIONS'],
      impact.databases.map((d) => [d.blueprint, d.database, sessionsText(d.sessions)]),
    ),
  );
}

/** Resolves with the job's final summary, printing a line per finished tenant. */
function follow(io: CliIo, s: Session, job: JobSummary, quiet: boolean): Promise<JobSummary> {
  return new Promise((resolve) => {
    let last = -1;
    const stop = s.core.events.subscribe((e) => {
      if (e.event !== 'deployments.progressed' || e.payload.job_id !== job.job_id) return;
      const p = e.payload;
      const finished = p.completed_tenants + p.failed_tenants + p.drifted_tenants;
      if (!quiet && finished !== last) {
        last = finished;
        writeLine(
          io.stderr,
          `${p.progress_display.padStart(6)}  ${finished}/${p.total_tenants} tenants (${p.failed_tenants} failed, ${p.drifted_tenants} drifted)`,
        );
      }
      if (p.status === 'running' || p.status === 'queued') return;
      stop();
      resolve(p);
    });
    // A job that finished before the subscription would send no further event.
    void s.call('deployments.get', { id: job.job_id }).then((now) => {
      if (now.status === 'running' || now.status === 'queued') return;
      stop();
      resolve(now);
    });
  });
}

export function tenantsCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('tenants')
    .description('Tenants: one database per customer, from versioned blueprints.');

  cmd
    .command('list')
    .description(
      'List tenants with their databases, versions and connection strings (no passwords).',
    )
    .option('--blueprint <name>', 'only tenants with a database of this blueprint')
    .option('--json', 'print JSON')
    .action((o: { blueprint?: string; json?: boolean }) =>
      withSession(io, async (s) => {
        const r = await s.call('tenants.list', o.blueprint ? { blueprint: o.blueprint } : {});
        if (o.json) {
          json(io, r);
          return;
        }
        writeLine(
          io.stdout,
          renderTable(
            ['TENANT', 'STATUS', 'BLUEPRINT', 'VERSION', 'LEVEL', 'CONNECTION'],
            tenantRows(r.tenants),
          ),
        );
      }),
    );

  cmd
    .command('create <tenant-id>')
    .description("Provision a tenant's database from a blueprint's latest version.")
    .requiredOption('--blueprint <name>', 'the blueprint to provision')
    .option(
      '--level <n>',
      "isolation level: 1 on the blueprint server, 2 on --connection (default: the workspace's)",
    )
    .option('--connection <id>', 'level 2: the dedicated server (without it: wait for vm-ready)')
    .option('--json', 'print JSON')
    .action(
      (id: string, o: { blueprint: string; level?: string; connection?: string; json?: boolean }) =>
        withSession(io, async (s) => {
          const t = await s.call('tenants.create', {
            tenant_id: id,
            databases: [
              {
                blueprint: o.blueprint,
                ...(o.level ? { isolation_level: Number(o.level) } : {}),
                ...(o.connection ? { connection_id: o.connection } : {}),
              },
            ],
          });
          printTenant(io, t, o.json);
          // A level-2 database without a server waits for vm-ready: provisioning is not a failure.
          if (t.status !== 'ready' && t.status !== 'provisioning') setExit(EXIT_FAILED);
        }),
    );

  cmd
    .command('impact <tenant-id>')
    .description(
      'What suspending or deleting a tenant would end: its open sessions and the databases whose logins are blocked.',
    )
    .option('--json', 'print JSON')
    .action((id: string, o: { json?: boolean }) =>
      withSession(io, async (s) => {
        const impact = await s.call('tenants.impact', { id });
        if (o.json) json(io, impact);
        else printImpact(io, impact);
        // A count left unknown is not a count of zero: scripts that act on it must not go on.
        if (impact.sessions === null) {
          writeLine(
            io.stderr,
            'A tenant server did not answer: its sessions could not be counted.',
          );
          setExit(EXIT_FAILED);
        }
      }),
    );

  for (const [verb, method] of [
    ['suspend', 'tenants.suspend'],
    ['resume', 'tenants.resume'],
    ['restore', 'tenants.restore'],
  ] as const) {
    cmd
      .command(`${verb} <tenant-id>`)
      .description(`${verb[0]?.toUpperCase() ?? ''}${verb.slice(1)} a tenant.`)
      .option('--json', 'print JSON')
      .action((id: string, o: { json?: boolean }) =>
        withSession(io, async (s) => printTenant(io, await s.call(method, { id }), o.json)),
      );
  }

  cmd
    .command('delete <tenant-id>')
    .description(
      'Soft-delete a tenant (restorable); --hard drops its databases and roles for good.',
    )
    .option('--hard', 'drop databases and roles')
    .option('--confirm <tenant-id>', 'with --hard: the tenant id again')
    .action((id: string, o: { hard?: boolean; confirm?: string }) =>
      withSession(io, async (s) => {
        const r = await s.call('tenants.delete', {
          id,
          hard: o.hard === true,
          ...(o.confirm ? { confirm: o.confirm } : {}),
        });
        writeLine(io.stdout, r.message);
      }),
    );

  cmd
    .command('deploy <blueprint>')
    .description(
      'Roll a blueprint version out to all its tenants (or --tenants) and wait for the job.',
    )
    .option('--version <v>', 'the version (default: the latest)')
    .option('--tenants <ids>', 'comma-separated tenant ids instead of all')
    .option('--canary <ids>', 'comma-separated tenant ids that go first')
    .option('--parallelism <n>', "tenants migrated at once (default: the workspace's, 4)")
    .option('--halt-after <n>', 'stop starting tenants after this many failures')
    .option('--json', 'print the finished job as JSON')
    .action(
      (
        bp: string,
        o: {
          version?: string;
          tenants?: string;
          canary?: string;
          parallelism?: string;
          haltAfter?: string;
          json?: boolean;
        },
      ) =>
        withOwnerSession(io, 'benchphant tenants deploy', async (s) => {
          const list = (v: string | undefined) =>
            v
              ? v
                  .split(',')
                  .map((x) => x.trim())
                  .filter(Boolean)
              : undefined;
          const job = await s.call('deployments.create', {
            blueprint_name: bp,
            ...(o.version ? { version: o.version } : {}),
            deploy_all: !o.tenants,
            ...(o.tenants ? { tenant_ids: list(o.tenants) } : {}),
            canary: list(o.canary) ?? [],
            ...(o.parallelism ? { parallelism: Number(o.parallelism) } : {}),
            ...(o.haltAfter ? { error_policy: 'halt', max_failures: Number(o.haltAfter) } : {}),
          });
          await follow(io, s, job, o.json === true);
          const done = await s.call('deployments.get', { id: job.job_id });
          if (o.json) json(io, done);
          else {
            writeLine(
              io.stdout,
              `${done.job_id}: ${done.status} — ${done.completed_tenants} completed, ${done.failed_tenants} failed, ${done.drifted_tenants} drifted of ${done.total_tenants}`,
            );
            for (const t of done.tenants.filter((x) => x.error))
              writeLine(io.stdout, `  ${t.tenant_id}: ${t.status}: ${t.error ?? ''}`);
          }
          if (done.status !== 'completed') setExit(EXIT_FAILED);
        }),
    );

  cmd
    .command('query <sql>')
    .description(
      'Run SQL on one tenant (--tenant) or on all tenants of --blueprint; rows get a tenant_id column.',
    )
    .option('--tenant <id>', 'one tenant')
    .option('--blueprint <name>', 'the blueprint (all its tenants unless --tenant)')
    .option('--allow-writes', 'needed for statements that may write')
    .option(
      '--timeout-ms <ms>',
      'stop the statement after this many milliseconds (default 30000, at most 600000)',
    )
    .option('--json', 'print JSON')
    .action(
      (
        sql: string,
        o: {
          tenant?: string;
          blueprint?: string;
          allowWrites?: boolean;
          timeoutMs?: string;
          json?: boolean;
        },
      ) =>
        withSession(io, async (s) => {
          if (!o.tenant && !o.blueprint)
            throw new CliFailure('Name --tenant or --blueprint.', EXIT_USAGE);
          const r = await s.call('admin.query', {
            query: sql,
            ...(o.tenant ? { tenant_id: o.tenant } : { all_tenants: true }),
            ...(o.blueprint ? { blueprint: o.blueprint } : {}),
            allow_writes: o.allowWrites === true,
            ...(o.timeoutMs !== undefined ? { timeout_ms: Number(o.timeoutMs) } : {}),
          });
          if (o.json) {
            json(io, r);
            return;
          }
          writeLine(
            io.stdout,
            renderTable(
              r.columns,
              r.rows.map((row) => r.columns.map((c) => cell(row[c]))),
            ),
          );
          for (const e of r.errors) writeLine(io.stderr, `${e.tenant_id}: ${e.error}`);
          if (r.truncated) writeLine(io.stderr, `(first ${r.row_count} rows)`);
          if (r.errors.length > 0) setExit(EXIT_FAILED);
        }),
    );
}
