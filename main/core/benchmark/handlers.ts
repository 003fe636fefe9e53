// Runs in the main process, server and CLI. The contract's `runs.*` operations mapped onto the
// benchmark engine; input arrives validated by the dispatcher.
import type { Handlers } from '../../../shared/contract';
import type { BenchmarkEngine } from './engine';

type BenchmarkHandlers = Pick<Handlers, `${'runs' | 'benchmarks'}.${string}` & keyof Handlers>;

export const benchmarkHandlers = (engine: BenchmarkEngine): BenchmarkHandlers => ({
  'runs.start': (input) => engine.start(input),
  'runs.get': async ({ id }) => engine.get(id),
  'runs.list': async (filter) => engine.list(filter),
  'runs.update': async ({ id, ...patch }) => engine.update(id, patch),
  'runs.cancel': ({ id }) => engine.cancel(id),
  'runs.delete': async ({ id }) => engine.delete(id),
  'runs.intervals': async ({ id, offset, limit }) => engine.intervals(id, { offset, limit }),
  'runs.agents': async ({ id }) => engine.agents(id),
  'benchmarks.tables': ({ connection_id, schema }) => engine.tables(connection_id, schema),
  'benchmarks.dropTables': ({ connection_id, schema }) => engine.dropTables(connection_id, schema),
});
