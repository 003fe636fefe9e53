// Runs in the renderer. The prepare phase in words: rows done of rows planned, the rate and the
// time left; when nothing moves it says so instead of counting down.
import { roughDuration } from '../../../../shared/model/benchmark-data';
import { count } from '../../components/figure-format';
import type { LiveProgress } from '../../stores/benchmarks-store';

export function prepareText(live: LiveProgress): string {
  if (live.rowsDone === null || live.rowsTotal === null) {
    return live.rowsPerS !== null ? ` · ${count(live.rowsPerS)} rows/s` : '';
  }
  const rows = ` · ${count(live.rowsDone)} of ${count(live.rowsTotal)} rows`;
  if (live.rowsDone >= live.rowsTotal) return `${rows} · building indexes`;
  if (!live.rowsPerS) return `${rows} · no rows written in the last seconds`;
  const eta = live.etaS === null ? '' : ` · ${roughDuration(live.etaS)} left`;
  return `${rows} · ${count(live.rowsPerS)} rows/s${eta}`;
}
