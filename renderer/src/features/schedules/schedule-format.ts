// Runs in the renderer. How the Schedules screen words task types, statuses and times.
import type { ExecutionStatus, TaskType } from '../../../../shared/contract/scheduler';
import { dateTime, durationMs } from '../../components/figure-format';

export const TASK_TYPE_LABELS: Record<TaskType, string> = {
  benchmark: 'Benchmark with thresholds',
  log_analysis: 'Query analytics',
  backup: 'Tenant backups',
  connection_check: 'Connection check',
};

export const STATUS_LABELS: Record<ExecutionStatus, string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  regressed: 'Regressed',
  skipped: 'Skipped',
  interrupted: 'Interrupted',
};

/** "Tue 8 Dec, 02:00 CET" in the given zone (the task's), or the viewer's own. */
export function formatWhen(iso: string | null, timeZone?: string): string {
  if (!iso) return '—';
  try {
    return new Intl.DateTimeFormat(undefined, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    }).format(new Date(iso));
  } catch {
    return dateTime(iso);
  }
}

export function formatDuration(ms: number | null): string {
  return ms === null ? '—' : durationMs(ms);
}
