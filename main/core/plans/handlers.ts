// Runs in the main process, server and CLI. The contract's `plans.*` operations mapped onto the
// plan service; input arrives validated by the dispatcher.
import type { Handlers } from '../../../shared/contract';
import type { PlanService } from './service';

type PlanHandlers = Pick<Handlers, `plans.${string}` & keyof Handlers>;

export const planHandlers = (plans: PlanService): PlanHandlers => ({
  'plans.start': (input) => plans.start(input),
  'plans.get': async ({ id }) => plans.get(id),
  'plans.list': async () => plans.list(),
  'plans.cancel': ({ id }) => plans.cancel(id),
});
