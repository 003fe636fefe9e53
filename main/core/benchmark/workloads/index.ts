// Runs in benchmark workers (and in the main process to validate a run before it starts).
// Turns a workload spec into compiled transactions.
import { dataFamily as familyOf, type DataFamily } from '../../../../shared/model/benchmark-data';
import { newClient, nodeTxns, type Program } from './program';
import { compileScripts, type ScriptStatement } from './scripts';
import { Rng, STREAM_ARRIVALS } from './rng';
import { pgbenchScripts } from './pgbench';
import { statement, type CompiledWorkload, type Statement, type WorkloadSpec } from './spec';
import { sysbenchProgram } from './sysbench';

export type { DataFamily };

/** Which tables a workload needs prepared. */
export const dataFamily = (spec: Pick<WorkloadSpec, 'type' | 'parameters'>): DataFamily =>
  familyOf(spec.type, spec.parameters);

export const isWriteWorkload = (spec: Pick<WorkloadSpec, 'type'>): boolean =>
  !['oltp_point_select', 'oltp_read_only', 'select_only'].includes(spec.type);

/** Predefined script variables: scale, client_id and every numeric parameter. */
function predefinedSlots(spec: WorkloadSpec): { slots: Map<string, number>; values: number[] } {
  const slots = new Map<string, number>([
    ['client_id', 0],
    ['scale', 1],
  ]);
  const values = [0, Number(spec.parameters.scale ?? 1)];
  for (const [key, raw] of Object.entries(spec.parameters)) {
    const value = typeof raw === 'number' ? raw : Number(raw);
    if (key === 'client_id' || !Number.isFinite(value) || typeof raw === 'boolean') continue;
    if (!slots.has(key)) slots.set(key, values.length);
    values[slots.get(key)!] = value;
  }
  return { slots, values };
}

export function compileWorkload(spec: WorkloadSpec) {
  const rollback = statement(spec.engine, 'bp_rollback', 'ROLLBACK');
  let program: Program;
  let statements: ScriptStatement[] = [];
  if (spec.type.startsWith('oltp_')) {
    program = sysbenchProgram(spec.type, spec.engine, spec.parameters, rollback);
  } else {
    const scripts =
      spec.type === 'custom'
        ? spec.scripts
        : pgbenchScripts(spec.type as 'tpcb_like' | 'select_only');
    if (scripts.length === 0) throw new Error('a custom workload needs at least one script');
    const { slots, values } = predefinedSlots(spec);
    const pool: Statement[] = [];
    const compiled = compileScripts(scripts, spec.engine, slots, pool);
    statements = compiled.statements;
    const vars = values.slice();
    vars.length = slots.size;
    vars.fill(0, values.length);
    program = {
      statements: pool,
      txns: compiled.txns,
      vars,
      patterns: [],
      rollback: pool.push(rollback) - 1,
      multiStatement: compiled.statements.length > scripts.length,
    };
  }
  const compiled: CompiledWorkload = {
    program,
    txns: nodeTxns(program),
    multiStatement: program.multiStatement,
    newClient: (clientId) => newClient(program, clientId, spec.seed),
    arrivalRng: (firstClientId) => new Rng(spec.seed, firstClientId, STREAM_ARRIVALS),
    rollback,
  };
  return { compiled, statements };
}
