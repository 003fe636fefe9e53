// Runs in the main process, server and CLI. The contract's `scheduler.*` operations.
import type { Handlers } from '../../../shared/contract';
import type { schedulerOperations } from '../../../shared/contract/scheduler';
import type { Scheduler } from './service';

type SchedulerHandlers = Pick<Handlers, keyof typeof schedulerOperations>;

export const schedulerHandlers = (s: Scheduler): SchedulerHandlers => ({
  'scheduler.list': async () => s.list(),
  'scheduler.get': async ({ id }) => s.get(id),
  'scheduler.create': (input) => s.create(input),
  'scheduler.update': (input) => s.update(input),
  'scheduler.delete': ({ id }) => s.delete(id),
  'scheduler.run': async ({ id }) => s.runNow(id),
  'scheduler.executions': async ({ id, limit }) => s.executions(id, limit),
  'scheduler.describe': async ({ cron_schedule, timezone, count }) =>
    s.describe(cron_schedule, timezone, count),
});
