// Runs in the renderer. Mounts a long page in stages, each in a task of its own: a one-hour run's
// page (charts, tables, statements, server metrics) rendered and laid out in one go kept the main
// thread for longer than a frame; in stages, the top of the page shows first and input is never
// held up for long.
import { useEffect, useState } from 'react';

/** The stage reached (0 … `stages`) since `key` was last seen; one more per task after that. */
export function useStaged(stages: number, key: unknown): number {
  const [reached, setReached] = useState({ key, stage: 0 });
  const stage = reached.key === key ? reached.stage : 0;
  useEffect(() => {
    if (stage >= stages) return;
    const task = setTimeout(() => setReached({ key, stage: stage + 1 }), 0);
    return () => clearTimeout(task);
  }, [stage, stages, key]);
  return stage;
}
