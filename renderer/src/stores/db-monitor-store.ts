// Runs in the renderer. One saved connection's dashboard: a lease that keeps the core sampling it
// while the dashboard is open (renewed, never renewed after close), live database and server host
// samples in bounded buffers, history per figure, and the runs and scheduled executions to mark.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RunSummary } from '../../../shared/contract/benchmarks';
import type { DbMetric, DbSample } from '../../../shared/contract/db-metrics';
import type { HostMetric, HostSample } from '../../../shared/contract/host-metrics';
import type { Execution, Task } from '../../../shared/contract/scheduler';
import { errorMessage } from '../api/api-error';
import type { ApiClient } from '../api/client';
import {
  type PhaseSource,
  placedFromPlan,
  type TimelineMark,
  timelineMarks,
} from '../features/monitor/timeline-marks';
import type { LoadStatus } from './load-status';

/** 15 minutes of 1 s samples. */
export const DB_LIVE_CAPACITY = 900;
/** The lease asked for, and how often it is renewed: sampling ends this long after a close. */
export const LEASE_SECONDS = 15;
/** Each history interval's length (0: raw seconds, drawn as they are). */
const ROLLUP_MS = { '1s': 0, '1m': 60_000, '1h': 3_600_000 } as const;
const RENEW_MS = 5000;
const PUBLISH_EVERY_MS = 250;
/** Raw seconds over a long range come 15 minutes at a time: no answer is a long task to read. */
const CHUNK_MS = 900_000;
/** Runs whose phases are placed (from settings or intervals); older ones in range get start and end. */
const MAX_RUNS_WITH_PHASES = 20;

export interface SeriesData {
  xs: number[];
  ys: (number | null)[];
}

export type Resolution = 'auto' | '1s';

export interface HistoryRequest {
  from: number;
  to: number;
  resolution: Resolution;
  db: readonly DbMetric[];
  host: readonly HostMetric[];
}

export interface DbHistory {
  status: LoadStatus;
  error: string | null;
  request: HistoryRequest | null;
  interval: '1s' | '1m' | '1h' | null;
  db: Partial<Record<DbMetric, SeriesData>>;
  host: Partial<Record<HostMetric, SeriesData>>;
}

export interface DbMonitorState {
  connectionId: string | null;
  /** Oldest first, for the open connection only. */
  db: readonly DbSample[];
  host: readonly HostSample[];
  /** Why the server host cannot be shown (no SSH, not Linux), or null. */
  hostProblem: string | null;
  leaseError: string | null;
  history: DbHistory;
  marks: { status: LoadStatus; items: TimelineMark[]; error: string | null };
  /** Starts watching a connection (and stops watching the previous one). */
  open: (connectionId: string) => void;
  close: () => void;
  loadHistory: (request: HistoryRequest) => Promise<void>;
  /** Marks of runs and executions overlapping [from, to]: of the open connection, or of all. */
  loadMarks: (from: number, to: number) => Promise<void>;
}

export type DbMonitorStore = StoreApi<DbMonitorState> & { dispose(): void };

const emptyHistory: DbHistory = {
  status: 'idle',
  error: null,
  request: null,
  interval: null,
  db: {},
  host: {},
};

function pushBounded<T>(items: T[], item: T, capacity: number): void {
  items.push(item);
  if (items.length > capacity) items.splice(0, items.length - capacity);
}

/** `limit` calls at a time, in order of the list. */
async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export function createDbMonitorStore(
  client: ApiClient,
  now: () => number = () => Date.now(),
): DbMonitorStore {
  let dbRing: DbSample[] = [];
  let hostRing: HostSample[] = [];
  let renew: ReturnType<typeof setInterval> | null = null;
  let pending: ReturnType<typeof setTimeout> | null = null;
  let lastPublish = Number.NEGATIVE_INFINITY;
  let historySeq = 0;
  let marksSeq = 0;

  // This dashboard's own lease: closing it ends sampling at once without ending another window's.
  const leaseName = `dashboard-${Math.random().toString(36).slice(2, 14)}`;

  const store = createStore<DbMonitorState>()((set, get) => {
    const lease = (id: string) =>
      client.call('dbmetrics.watch', { id, seconds: LEASE_SECONDS, lease: leaseName }).then(
        () => {
          if (get().connectionId === id && get().leaseError) set({ leaseError: null });
        },
        (err: unknown) => {
          if (get().connectionId === id) set({ leaseError: errorMessage(err) });
        },
      );

    const checkHost = async (id: string) => {
      try {
        const sample = await client.call('hostmetrics.live', { id });
        if (get().connectionId !== id) return;
        if (sample && hostRing.length === 0) hostRing.push(sample);
        set({ hostProblem: null, host: hostRing.slice() });
      } catch (err) {
        if (get().connectionId === id) set({ hostProblem: errorMessage(err) });
      }
    };

    return {
      connectionId: null,
      db: [],
      host: [],
      hostProblem: null,
      leaseError: null,
      history: emptyHistory,
      marks: { status: 'idle', items: [], error: null },
      open(connectionId) {
        if (get().connectionId === connectionId) return;
        get().close();
        set({ connectionId });
        void lease(connectionId);
        renew = setInterval(() => void lease(connectionId), RENEW_MS);
        void checkHost(connectionId);
      },
      close() {
        if (renew) clearInterval(renew);
        renew = null;
        const watched = get().connectionId;
        // Best effort: a lease not ended here still runs out within LEASE_SECONDS.
        if (watched)
          void client
            .call('dbmetrics.unwatch', { id: watched, lease: leaseName })
            .catch(() => undefined);
        dbRing = [];
        hostRing = [];
        historySeq += 1;
        marksSeq += 1;
        set({
          connectionId: null,
          db: [],
          host: [],
          hostProblem: null,
          leaseError: null,
          history: emptyHistory,
          marks: { status: 'idle', items: [], error: null },
        });
      },
      async loadHistory(request) {
        const id = get().connectionId;
        if (!id) return;
        const seq = ++historySeq;
        set((s) => ({ history: { ...s.history, status: 'loading', error: null, request } }));
        const result: Pick<DbHistory, 'db' | 'host'> & { interval: DbHistory['interval'] } = {
          db: {},
          host: {},
          interval: null,
        };
        // Raw seconds over a long range come in pieces; otherwise one answer.
        const chunks: [number, number][] = [];
        if (request.resolution === '1s' && request.to - request.from > CHUNK_MS)
          for (let t = request.from; t < request.to; t += CHUNK_MS)
            chunks.push([t, Math.min(request.to, t + CHUNK_MS)]);
        else chunks.push([request.from, request.to]);
        const interval = request.resolution === '1s' ? ('1s' as const) : undefined;
        const fetchOne = async (source: 'db' | 'host', metric: string) => {
          const data: SeriesData = { xs: [], ys: [] };
          for (const [a, b] of chunks) {
            const input = {
              id,
              start_time: new Date(a).toISOString(),
              end_time: new Date(b).toISOString(),
              ...(interval ? { interval } : {}),
            };
            const answer =
              source === 'db'
                ? await client.call('dbmetrics.history', { ...input, metric: metric as DbMetric })
                : await client.call('hostmetrics.history', {
                    ...input,
                    metric: metric as HostMetric,
                  });
            if (seq !== historySeq) return;
            result.interval = answer.interval;
            const half = ROLLUP_MS[answer.interval] / 2;
            for (const p of answer.points) {
              const t = Date.parse(p.timestamp);
              // Pieces share their edges: a point at the edge comes once.
              if (data.xs.length && t <= data.xs[data.xs.length - 1]!) continue;
              if (half === 0) {
                data.xs.push(t);
                data.ys.push(p.avg);
              } else {
                // A minute or an hour is drawn through its lowest and highest second, as the
                // chart draws a pixel column of raw seconds: a spike is not averaged away.
                data.xs.push(t, t + half);
                data.ys.push(p.min, p.max);
              }
            }
          }
          (result[source] as Record<string, SeriesData>)[metric] = data;
          set((s) => ({
            history: {
              ...s.history,
              interval: result.interval,
              db: { ...result.db },
              host: { ...result.host },
            },
          }));
        };
        try {
          const jobs = [
            ...request.db.map((m) => ['db', m] as const),
            ...(get().hostProblem === null ? request.host.map((m) => ['host', m] as const) : []),
          ];
          await eachLimited(jobs, 3, ([source, metric]) =>
            // The server host may be unreadable (no SSH, not Linux): hostProblem says why, and
            // the database's figures still load.
            source === 'host'
              ? fetchOne(source, metric).catch(() => undefined)
              : fetchOne(source, metric),
          );
          if (seq === historySeq)
            set((s) => ({ history: { ...s.history, status: 'ready', error: null } }));
        } catch (err) {
          if (seq === historySeq)
            set((s) => ({ history: { ...s.history, status: 'error', error: errorMessage(err) } }));
        }
      },
      async loadMarks(from, to) {
        const id = get().connectionId;
        const seq = ++marksSeq;
        set((s) => ({ marks: { ...s.marks, status: 'loading' } }));
        try {
          // A run that began up to a day before the range may still overlap it.
          const [runs, tasks] = await Promise.all([
            client.call('runs.list', {
              ...(id ? { connection_id: id } : {}),
              from: new Date(from - 86_400_000).toISOString(),
              to: new Date(to).toISOString(),
            }),
            client.call('scheduler.list', {}),
          ]);
          const t = now();
          const overlapping = runs.filter(
            (r: RunSummary) =>
              Date.parse(r.start_time) <= to &&
              (r.end_time === null || Date.parse(r.end_time) >= from),
          );
          const phases = new Map<string, PhaseSource>();
          await eachLimited(overlapping.slice(0, MAX_RUNS_WITH_PHASES), 3, async (r) => {
            phases.set(
              r.id,
              placedFromPlan(r)
                ? { plan: (await client.call('runs.get', { id: r.id })).config }
                : { intervals: await client.call('runs.intervals', { id: r.id }) },
            );
          });
          const executions: { task: Task; execution: Execution }[] = [];
          await eachLimited(
            tasks.filter((k) => !id || k.connection_id === id),
            3,
            async (task) => {
              for (const execution of await client.call('scheduler.executions', {
                id: task.id,
                limit: 200,
              }))
                executions.push({ task, execution });
            },
          );
          if (seq !== marksSeq) return;
          const items = timelineMarks({
            runs: overlapping,
            phases,
            executions,
            from,
            to,
            now: t,
          });
          set({ marks: { status: 'ready', items, error: null } });
        } catch (err) {
          if (seq === marksSeq)
            set((s) => ({ marks: { ...s.marks, status: 'error', error: errorMessage(err) } }));
        }
      },
    };
  });

  const publish = () => {
    pending = null;
    lastPublish = now();
    store.setState({ db: dbRing.slice(), host: hostRing.slice() });
  };
  const schedule = () => {
    if (pending) return;
    const wait = lastPublish + PUBLISH_EVERY_MS - now();
    if (wait <= 0) publish();
    else pending = setTimeout(publish, wait);
  };
  const offDb = client.on('dbmetrics.sampled', (sample) => {
    if (sample.connection_id !== store.getState().connectionId) return;
    pushBounded(dbRing, sample, DB_LIVE_CAPACITY);
    schedule();
  });
  const offHost = client.on('hostmetrics.sampled', (sample) => {
    if (sample.connection_id !== store.getState().connectionId) return;
    pushBounded(hostRing, sample, DB_LIVE_CAPACITY);
    if (store.getState().hostProblem) store.setState({ hostProblem: null });
    schedule();
  });

  return Object.assign(store, {
    dispose() {
      store.getState().close();
      offDb();
      offHost();
      if (pending) clearTimeout(pending);
    },
  });
}
