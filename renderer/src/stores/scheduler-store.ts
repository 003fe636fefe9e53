// Runs in the renderer. Scheduled tasks for the Schedules screen: the list, the open task's
// executions, the cron preview of the form, and the task actions. Its actions are the only
// callers of the scheduler.* API; scheduler.changed events keep the list and the open task current.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Input } from '../../../shared/contract';
import type { Execution, Task } from '../../../shared/contract/scheduler';
import { errorMessage } from '../api/api-error';
import type { ApiClient } from '../api/client';
import { type LoadStatus, loadInto } from './load-status';

export type TaskDraft = Input<'scheduler.create'>;

export interface SchedulePreview {
  text: string;
  next: string[];
}

export interface SchedulerState {
  tasks: readonly Task[];
  loadStatus: LoadStatus;
  error: string | null;
  /** The task whose executions are shown, and those executions (newest first). */
  openId: string | null;
  executions: readonly Execution[];
  /** The last action's failure (run now, pause, …), for the screen to show. */
  actionError: string | null;
  load: () => Promise<void>;
  open: (id: string | null) => Promise<void>;
  /** The created task, or throws the API's error for the form to show. */
  create: (draft: TaskDraft) => Promise<Task>;
  runNow: (id: string) => Promise<void>;
  setActive: (id: string, active: boolean) => Promise<void>;
  /** Throws, so the confirmation dialog can say why. */
  remove: (id: string) => Promise<void>;
  /** The schedule in words with its next runs; throws the API's message for a bad expression. */
  preview: (cron: string, timezone: string) => Promise<SchedulePreview>;
}

export type SchedulerStore = StoreApi<SchedulerState> & { dispose(): void };

export function createSchedulerStore(client: ApiClient): SchedulerStore {
  const store = createStore<SchedulerState>()((set, get) => {
    const act = async (action: () => Promise<unknown>) => {
      try {
        await action();
        set({ actionError: null });
      } catch (err) {
        set({ actionError: errorMessage(err) });
      }
    };
    return {
      tasks: [],
      loadStatus: 'idle',
      error: null,
      openId: null,
      executions: [],
      actionError: null,
      load: () => loadInto(set, async () => ({ tasks: await client.call('scheduler.list') })),
      async open(id) {
        set({ openId: id, executions: [] });
        if (!id) return;
        try {
          const executions = await client.call('scheduler.executions', { id, limit: 50 });
          if (get().openId === id) set({ executions });
        } catch (err) {
          set({ actionError: errorMessage(err) });
        }
      },
      async create(draft) {
        const task = await client.call('scheduler.create', draft);
        await get().load();
        return task;
      },
      runNow: (id) =>
        act(async () => {
          await client.call('scheduler.run', { id });
          await get().open(id);
        }),
      setActive: (id, active) =>
        act(async () => {
          await client.call('scheduler.update', { id, is_active: active });
          await get().load();
        }),
      async remove(id) {
        await client.call('scheduler.delete', { id });
        if (get().openId === id) set({ openId: null, executions: [] });
        await get().load();
      },
      preview: (cron, timezone) =>
        client.call('scheduler.describe', { cron_schedule: cron, timezone, count: 3 }),
    };
  });
  const unsubscribe = client.on('scheduler.changed', (p) => {
    void store.getState().load();
    if (store.getState().openId === p.task_id) void store.getState().open(p.task_id);
  });
  return Object.assign(store, { dispose: unsubscribe });
}
