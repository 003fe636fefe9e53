// Runs in the renderer. The workload parameters the New run form offers, with the defaults the
// engine applies when a field is left empty (sysbench's and pgbench's own defaults).
import type { RunStatus, WorkloadType } from '../../../../shared/contract/benchmarks';
import { shortDateTime } from '../../components/figure-format';

export interface ParamDef {
  key: string;
  label: string;
  defaultValue: number;
}

const SYSBENCH: ParamDef[] = [
  { key: 'tables', label: 'Tables', defaultValue: 1 },
  { key: 'table_size', label: 'Rows per table', defaultValue: 10_000 },
];
const RANGES: ParamDef[] = [
  { key: 'range_size', label: 'Range size', defaultValue: 100 },
  { key: 'point_selects', label: 'Point selects', defaultValue: 10 },
];
const PGBENCH: ParamDef[] = [{ key: 'scale', label: 'Scale', defaultValue: 1 }];

export const WORKLOADS: readonly {
  type: WorkloadType;
  label: string;
  writes: boolean;
  params: ParamDef[];
}[] = [
  {
    type: 'oltp_point_select',
    label: 'sysbench oltp_point_select',
    writes: false,
    params: SYSBENCH,
  },
  {
    type: 'oltp_read_only',
    label: 'sysbench oltp_read_only',
    writes: false,
    params: [...SYSBENCH, ...RANGES],
  },
  {
    type: 'oltp_read_write',
    label: 'sysbench oltp_read_write',
    writes: true,
    params: [...SYSBENCH, ...RANGES],
  },
  { type: 'oltp_write_only', label: 'sysbench oltp_write_only', writes: true, params: SYSBENCH },
  { type: 'oltp_insert', label: 'sysbench oltp_insert', writes: true, params: SYSBENCH },
  {
    type: 'oltp_update_index',
    label: 'sysbench oltp_update_index',
    writes: true,
    params: SYSBENCH,
  },
  {
    type: 'oltp_update_non_index',
    label: 'sysbench oltp_update_non_index',
    writes: true,
    params: SYSBENCH,
  },
  { type: 'tpcb_like', label: 'pgbench tpcb_like', writes: true, params: PGBENCH },
  { type: 'select_only', label: 'pgbench select_only', writes: false, params: PGBENCH },
  { type: 'custom', label: 'Custom script', writes: true, params: PGBENCH },
];

export const workloadLabel = (type: WorkloadType): string =>
  WORKLOADS.find((w) => w.type === type)?.label ?? type;

const STATUS_LABELS: Record<RunStatus, string> = {
  preparing: 'Preparing',
  warming_up: 'Warming up',
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};
export const statusLabel = (status: RunStatus): string => STATUS_LABELS[status];

/** A run's start, short enough for the history list, in local time with the zone: "Nov 22, 17:47:50 CET". */
export const shortTime = (iso: string): string => shortDateTime(iso);
