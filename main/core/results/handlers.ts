// Runs in the main process, server and CLI. The contract's `results.*` operations mapped onto
// the results service; input arrives validated by the dispatcher.
import type { Handlers } from '../../../shared/contract';
import type { ResultsService } from './service';

type ResultsHandlers = Pick<Handlers, `results.${string}` & keyof Handlers>;

export const resultsHandlers = (results: ResultsService): ResultsHandlers => ({
  'results.compare': async (input) => results.compare(input),
  'results.export': async ({ id, format }) => results.export(id, format),
  'results.import': async ({ bundle }) => results.import(bundle),
  'results.report': async (input) => results.report(input),
  'results.runSeries': async ({ id }) => results.runSeries(id),
  'results.serverMetrics': async ({ id }) => results.serverMetrics(id),
});
