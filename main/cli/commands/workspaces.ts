// Runs in the CLI process. `benchphant workspaces settings <id> [--isolation-level …]`: shows a
// workspace's settings, or changes the ones given; flags become contract input through dispatch().
// `benchphant workspaces import-analyse <id> --connection …`: a shared database's analysis for an
// import, with each mismatch with the blueprint or the tenants and the options that resolve it.
import type { Command } from 'commander';
import type { ImportAnalysis } from '../../../shared/contract/tenant-ops';
import type { WorkspaceSettings } from '../../../shared/contract/tenants';
import { fixText } from '../../../shared/model/import-plan-words';
import { type CliIo, writeLine } from '../io';
import { withSession } from '../session';
import { renderTable } from '../table';

interface SettingsFlags {
  isolationLevel?: string;
  parallelism?: string;
  slowQueryMs?: string;
  gateProfile?: string;
  gateMaxRegression?: string;
  gate?: boolean;
  json?: boolean;
}

function printSettings(io: CliIo, s: WorkspaceSettings, asJson: boolean | undefined): void {
  if (asJson) {
    writeLine(io.stdout, JSON.stringify(s, null, 2));
    return;
  }
  const gate = s.deploy_gate
    ? `${s.deploy_gate.profile}, halt beyond +${s.deploy_gate.max_regression_pct}% ${s.deploy_gate.metric}`
    : 'none';
  writeLine(
    io.stdout,
    renderTable(
      ['SETTING', 'VALUE'],
      [
        ['connection', s.connection_id],
        ['default isolation level', String(s.default_isolation_level)],
        ['default parallelism', String(s.default_parallelism)],
        ['slow query (ms)', String(s.slow_query_ms)],
        ['deploy gate', gate],
      ],
    ),
  );
}

interface AnalyseFlags {
  connection: string;
  database?: string;
  routingField?: string;
  sharedTables?: string;
  leaveOut?: string;
  json?: boolean;
}

function printAnalysis(io: CliIo, a: ImportAnalysis): void {
  writeLine(io.stdout, a.message);
  writeLine(
    io.stdout,
    renderTable(
      ['TABLE', 'ROUTING COLUMN', 'ROWS', 'IMPORT'],
      a.tables.map((t) => [t.name, t.has_routing_column ? 'yes' : 'no', String(t.rows), t.action]),
    ),
  );
  if (a.problems.length === 0) {
    writeLine(io.stdout, 'No mismatch: the import can start with the options given.');
    return;
  }
  // One mismatch a line, whole: a table would cut the sentences.
  writeLine(io.stdout, `${a.problems.length} mismatch(es) with the blueprint or the tenants:`);
  for (const p of a.problems) {
    writeLine(io.stdout, `- ${p.message}`);
    writeLine(
      io.stdout,
      `  resolve: ${p.fixes.length > 0 ? p.fixes.map(fixText).join(' or ') : 'no option; fix the tenant first'}`,
    );
  }
}

/** Only the flags given: the others keep their value. `--no-gate` removes the gate. */
function changes(o: SettingsFlags): Record<string, unknown> {
  const change: Record<string, unknown> = {};
  if (o.isolationLevel !== undefined) change.default_isolation_level = Number(o.isolationLevel);
  if (o.parallelism !== undefined) change.default_parallelism = Number(o.parallelism);
  if (o.slowQueryMs !== undefined) change.slow_query_ms = Number(o.slowQueryMs);
  if (o.gate === false) change.deploy_gate = null;
  else if (o.gateProfile !== undefined)
    change.deploy_gate = {
      profile: o.gateProfile,
      ...(o.gateMaxRegression !== undefined
        ? { max_regression_pct: Number(o.gateMaxRegression) }
        : {}),
    };
  return change;
}

export function workspacesCommand(program: Command, io: CliIo): void {
  const cmd = program
    .command('workspaces')
    .description('Workspaces: the development databases blueprints are cut from.');

  cmd
    .command('settings <workspace>')
    .description("Show a workspace's settings, or change the ones given.")
    .option('--isolation-level <n>', "new tenants' default isolation level (1 or 2)")
    .option('--parallelism <n>', 'tenants a deployment migrates at once by default')
    .option('--slow-query-ms <ms>', "a statement on its tenants' databases this long is slow")
    .option('--gate-profile <name>', 'the benchmark profile that gates deployments with canaries')
    .option('--gate-max-regression <pct>', 'with --gate-profile: halt beyond this p95 regression')
    .option('--no-gate', 'deploy without a performance gate by default')
    .option('--json', 'print JSON')
    .action((id: string, o: SettingsFlags) =>
      withSession(io, async (s) => {
        const change = changes(o);
        const settings =
          Object.keys(change).length === 0
            ? await s.call('workspaces.settings', { id })
            : await s.call('workspaces.configure', { id, ...change });
        printSettings(io, settings, o.json);
      }),
    );

  cmd
    .command('import-analyse <workspace>')
    .description(
      'Analyse a shared database for an import: tables, tenants, and each mismatch with the blueprint with what resolves it.',
    )
    .requiredOption('--connection <id>', 'the saved connection to read the shared database from')
    .option('--database <name>', "the database on that server (default: the connection's own)")
    .option('--routing-field <column>', 'the column holding the tenant id (default tenant_id)')
    .option('--shared-tables <copy|skip>', 'tables without it: copied into every tenant, or not')
    .option('--leave-out <tables>', 'comma-separated tables not to import')
    .option('--json', 'print JSON')
    .action((id: string, o: AnalyseFlags) =>
      withSession(io, async (s) => {
        const analysis = await s.call('workspaces.importAnalyze', {
          id,
          connection_id: o.connection,
          ...(o.database ? { database: o.database } : {}),
          ...(o.routingField ? { routing_field: o.routingField } : {}),
          ...(o.sharedTables ? { shared_tables: o.sharedTables } : {}),
          ...(o.leaveOut
            ? {
                leave_out: o.leaveOut
                  .split(',')
                  .map((t) => t.trim())
                  .filter(Boolean),
              }
            : {}),
        });
        if (o.json) writeLine(io.stdout, JSON.stringify(analysis, null, 2));
        else printAnalysis(io, analysis);
      }),
    );
}
