// Runs in the headless server. Where a /metrics scrape reads its figures: the core's host sampler,
// the database samplers' latest samples and the benchmark engine's stored run. It only reads.
import type { Core } from '../core/app';
import type { ScrapeRun, ScrapeSources } from './prometheus';

export type ScrapeCore = Pick<Core, 'metrics'> & Partial<Pick<Core, 'benchmarks' | 'dbMetrics'>>;

export function coreScrapeSources(core: ScrapeCore): ScrapeSources {
  return {
    host: () => core.metrics.current(),
    databases: () => {
      const db = core.dbMetrics;
      if (!db) return [];
      return db.watching().flatMap((id) => db.store.latest(id) ?? []);
    },
    run: (): ScrapeRun | null => {
      const engine = core.benchmarks;
      if (!engine) return null;
      const id = engine.activeRun() ?? engine.list()[0]?.id;
      if (!id) return null;
      const last = engine.intervals(id).at(-1);
      return {
        status: engine.get(id),
        histogram: engine.histogram(id),
        topology: engine.agents(id),
        lastIntervalQps: last?.qps ?? null,
      };
    },
  };
}
