// Runs in the renderer. The Results screen: the filtered run list, the runs picked for a
// comparison and its answer, tags and notes, and the files (export, import, report). Its actions
// are the only callers of the results.* API and of runs.list/runs.update for this screen.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RunSummary } from '../../../shared/contract/benchmarks';
import { type Comparison, runBundleSchema } from '../../../shared/contract/results';
import { errorMessage } from '../api/api-error';
import { uiText } from '../api/error-words';
import type { ApiClient } from '../api/client';
import { EMPTY_FILTER, type FilterFields, toListFilter } from '../features/results/filters';
import type { LoadStatus } from './load-status';

/** A file for the user to save: what the core produced and under which name. */
export interface ResultFile {
  filename: string;
  mediaType: string;
  content: string;
}

export interface ResultsState {
  runs: readonly RunSummary[];
  loadStatus: LoadStatus;
  error: string | null;
  fields: FilterFields;
  /** Why the filter fields cannot be applied (e.g. "To" before "From"); the list stays as it was. */
  filterError: string | null;
  /** Every tag seen on any run, for the tag filter's choices. */
  knownTags: readonly string[];
  /** Picked for comparison, in the order picked (the first is the default baseline). */
  selected: readonly string[];
  comparison: Comparison | null;
  comparing: boolean;
  compareError: string | null;
  /** The outcome of the last import, for the user to read. */
  importNotice: { ok: boolean; message: string } | null;
  load: () => Promise<void>;
  setFields: (patch: Partial<FilterFields>) => Promise<void>;
  resetFields: () => Promise<void>;
  toggle: (id: string) => void;
  clearSelection: () => void;
  /** Compares the selected runs against `baselineId` (default: the current or first one). */
  compare: (baselineId?: string) => Promise<void>;
  /** Selects exactly these runs and compares them against the first ("Compare with…"). */
  compareRuns: (ids: readonly string[]) => Promise<void>;
  /** The run whose page was last open: the list scrolls to it and marks it on return. */
  revealed: string | null;
  reveal: (id: string | null) => void;
  closeComparison: () => void;
  /** Rejects with the API's message, for the dialog to show. */
  updateRun: (id: string, patch: { tags: string[]; notes: string }) => Promise<RunSummary>;
  exportRun: (id: string, format: 'json' | 'csv') => Promise<ResultFile | null>;
  /** The HTML report of the comparison on screen. */
  report: () => Promise<ResultFile | null>;
  /** A bundle file's text: parsed here, validated by the core. */
  importBundle: (text: string, fileName: string) => Promise<string | null>;
}

export type ResultsStore = StoreApi<ResultsState> & { dispose(): void };

const mergeTags = (known: readonly string[], runs: readonly RunSummary[]): string[] =>
  [...new Set([...known, ...runs.flatMap((r) => r.tags)])].sort((a, b) => a.localeCompare(b));

/**
 * The first few problems of an invalid bundle, each with where in the file it is. A wrong format
 * or version says it all: the rest of such a file is not worth listing.
 */
function bundleProblems(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const header = issues.filter((i) => i.path[0] === 'format' || i.path[0] === 'version');
  const shown = (header.length > 0 ? header : issues).slice(0, 3);
  const more = header.length > 0 ? 0 : issues.length - shown.length;
  const text = shown.map((i) => {
    const where = i.path.map(String).join('.');
    return where ? `${where}: ${i.message}` : i.message;
  });
  return `${text.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}.`;
}

export function createResultsStore(client: ApiClient): ResultsStore {
  let listSeq = 0;
  let compareSeq = 0;

  const store = createStore<ResultsState>()((set, get) => ({
    runs: [],
    loadStatus: 'idle',
    error: null,
    fields: EMPTY_FILTER,
    filterError: null,
    knownTags: [],
    selected: [],
    comparison: null,
    comparing: false,
    compareError: null,
    importNotice: null,
    revealed: null,
    async load() {
      const { filter, error } = toListFilter(get().fields);
      set({ filterError: error });
      if (!filter) return;
      const seq = ++listSeq;
      set((s) => (s.loadStatus === 'ready' ? s : { loadStatus: 'loading' }));
      try {
        const runs = await client.call('runs.list', filter);
        if (seq !== listSeq) return;
        set((s) => ({
          runs,
          loadStatus: 'ready',
          error: null,
          knownTags: mergeTags(s.knownTags, runs),
        }));
      } catch (err) {
        if (seq === listSeq) set({ loadStatus: 'error', error: errorMessage(err) });
      }
    },
    async setFields(patch) {
      set((s) => ({ fields: { ...s.fields, ...patch } }));
      await get().load();
    },
    async resetFields() {
      set({ fields: EMPTY_FILTER });
      await get().load();
    },
    toggle(id) {
      set((s) => ({
        selected: s.selected.includes(id)
          ? s.selected.filter((x) => x !== id)
          : [...s.selected, id],
      }));
    },
    clearSelection() {
      set({ selected: [] });
    },
    async compare(baselineId) {
      const ids = get().selected;
      if (ids.length < 2) {
        set({ compareError: 'Pick at least two runs to compare.' });
        return;
      }
      const current = get().comparison?.baseline_id;
      const baseline =
        baselineId ?? (current && ids.includes(current) ? current : undefined) ?? ids[0];
      const seq = ++compareSeq;
      set({ comparing: true, compareError: null });
      try {
        // Each run's series in an answer of its own: three one-hour runs in the comparison's
        // answer were most of a megabyte, received and decoded in one task.
        const [comparison, ...perRun] = await Promise.all([
          client.call('results.compare', {
            run_ids: [...ids],
            baseline_id: baseline,
            series: false,
          }),
          ...ids.map((id) => client.call('results.runSeries', { id })),
        ]);
        const series = perRun.map((r) => r.series);
        const host = perRun.map((r) => r.host);
        if (seq === compareSeq)
          set({ comparison: { ...comparison, series, host }, comparing: false });
      } catch (err) {
        if (seq === compareSeq) set({ comparing: false, compareError: errorMessage(err) });
      }
    },
    async compareRuns(ids) {
      set({ selected: [...ids], comparison: null });
      await get().compare(ids[0]);
    },
    reveal(id) {
      set({ revealed: id });
    },
    closeComparison() {
      compareSeq++;
      set({ comparison: null, comparing: false, compareError: null });
    },
    async updateRun(id, patch) {
      const run = await client.call('runs.update', { id, ...patch });
      set((s) => ({
        runs: s.runs.map((r) => (r.id === id ? run : r)),
        knownTags: mergeTags(s.knownTags, [run]),
      }));
      // The change may move the run out of (or into) the filtered list, or rename a compared run.
      await get().load();
      if (get().comparison?.runs.some((r) => r.id === id)) await get().compare();
      return run;
    },
    async exportRun(id, format) {
      try {
        const file = await client.call('results.export', { id, format });
        set({ error: null });
        return { filename: file.filename, mediaType: file.media_type, content: file.content };
      } catch (err) {
        set({ error: errorMessage(err) });
        return null;
      }
    },
    async report() {
      const comparison = get().comparison;
      if (!comparison) return null;
      try {
        const file = await client.call('results.report', {
          run_ids: comparison.runs.map((r) => r.id),
          baseline_id: comparison.baseline_id,
        });
        return { filename: file.filename, mediaType: file.media_type, content: file.html };
      } catch (err) {
        set({ compareError: errorMessage(err) });
        return null;
      }
    },
    async importBundle(text, fileName) {
      const refuse = (why: string) => {
        set({ importNotice: { ok: false, message: `${fileName} was not imported: ${why}` } });
        return null;
      };
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        return refuse('it is not JSON. Pick a run bundle exported from Benchphant (a .json file).');
      }
      // The file is a boundary: checked here for a readable message, and again by the core.
      const parsed = runBundleSchema.safeParse(raw);
      if (!parsed.success) return refuse(bundleProblems(parsed.error.issues));
      try {
        const imported = await client.call('results.import', { bundle: parsed.data });
        set({ importNotice: { ok: true, message: uiText(imported.message) } });
        await get().load();
        return imported.id;
      } catch (err) {
        return refuse(errorMessage(err));
      }
    },
  }));

  // Finished runs appear in the list without a reload.
  const unsubscribe = client.on('runs.progressed', (p) => {
    if (p.phase === 'done' && store.getState().loadStatus !== 'idle') void store.getState().load();
  });

  return Object.assign(store, { dispose: unsubscribe });
}
