// Runs in the renderer. The runs and scheduled executions to mark on a chart's range: loaded once
// for a fixed range, reloaded every 15 s for a live one (a run may start or end meanwhile).
import { useEffect } from 'react';
import { useDbMonitor } from '../../app/stores-context';
import type { TimelineMark } from './timeline-marks';

const EVERY_MS = 15_000;

/** `live`: the range is the last `to - from` milliseconds, moving with the clock. */
export function useTimelineMarks(from: number, to: number, live: boolean): readonly TimelineMark[] {
  const loadMarks = useDbMonitor((s) => s.loadMarks);
  const items = useDbMonitor((s) => s.marks.items);
  const span = to - from;
  useEffect(() => {
    if (!(span > 0)) return;
    if (!live) {
      void loadMarks(from, to);
      return;
    }
    const load = () => void loadMarks(Date.now() - span, Date.now());
    load();
    const timer = setInterval(load, EVERY_MS);
    return () => clearInterval(timer);
    // A live range only reloads when its span changes, not on every sample.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loadMarks, live, span, live ? 0 : from, live ? 0 : to]);
  return items;
}
