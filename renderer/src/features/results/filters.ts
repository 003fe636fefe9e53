// Runs in the renderer. The run list's filter fields as the form holds them (strings, dates as
// the <input type="date"> gives them) and their translation into the runs.list filter.
import {
  RUN_STATUSES,
  type RunListFilter,
  WORKLOAD_TYPES,
} from '../../../../shared/contract/benchmarks';

export interface FilterFields {
  connection_id: string;
  type: string;
  tag: string;
  status: string;
  /** yyyy-mm-dd, local day; empty: open-ended. */
  from: string;
  to: string;
  search: string;
}

export const EMPTY_FILTER: FilterFields = {
  connection_id: '',
  type: '',
  tag: '',
  status: '',
  from: '',
  to: '',
  search: '',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Local midnight of a yyyy-mm-dd day, `plusDays` later, as an ISO instant. */
function localMidnight(day: string, plusDays = 0): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).toISOString();
}

const isWorkload = (v: string): v is (typeof WORKLOAD_TYPES)[number] =>
  (WORKLOAD_TYPES as readonly string[]).includes(v);
const isStatus = (v: string): v is (typeof RUN_STATUSES)[number] =>
  (RUN_STATUSES as readonly string[]).includes(v);

/**
 * The runs.list input for these fields, or why they cannot be asked for. Dates are whole local
 * days: "to" includes its own day.
 */
export function toListFilter(
  f: FilterFields,
): { filter: RunListFilter; error: null } | { filter: null; error: string } {
  if ((f.from && !DAY.test(f.from)) || (f.to && !DAY.test(f.to)))
    return { filter: null, error: 'Dates must be full days (yyyy-mm-dd).' };
  if (f.from && f.to && f.to < f.from)
    return { filter: null, error: 'The "To" day is before the "From" day; swap them.' };
  const filter: RunListFilter = {};
  if (f.connection_id) filter.connection_id = f.connection_id;
  if (isWorkload(f.type)) filter.type = f.type;
  if (f.tag.trim()) filter.tag = f.tag.trim();
  if (isStatus(f.status)) filter.status = f.status;
  if (f.from) filter.from = localMidnight(f.from);
  if (f.to) filter.to = localMidnight(f.to, 1);
  if (f.search.trim()) filter.search = f.search.trim();
  return { filter, error: null };
}

/** Tags typed as one comma-separated line → the distinct, trimmed, non-empty tags in order. */
export function parseTags(line: string): string[] {
  return [
    ...new Set(
      line
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}
