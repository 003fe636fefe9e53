// Runs in the renderer. The Results screen as the registry mounts it: the list and comparison at
// #/results, a run's own page at #/results/runs/<id>, a comparison of given runs at
// #/results/compare/<baseline>/<run>… (a scheduled execution's link). The screens take their stores as props (so
// they can be rendered over any store in isolation); this hands them the app's.
import { useEffect } from 'react';
import { useBenchmarksStore, useResultsStore, useRunPageStore } from '../../app/stores-context';
import { useRouteRest } from '../../app/useRoute';
import { ResultsScreen } from './ResultsScreen';
import { RunPage } from './RunPage';
import { compareIdsOf, runIdOf } from './run-route';

export function ResultsRoute() {
  const rest = useRouteRest();
  const runId = runIdOf(rest);
  const compareKey = compareIdsOf(rest)?.join('/') ?? null;
  const results = useResultsStore();
  const runPage = useRunPageStore();
  const benchmarks = useBenchmarksStore();
  useEffect(() => {
    if (compareKey) void results.getState().compareRuns(compareKey.split('/'));
  }, [compareKey, results]);
  if (runId)
    return <RunPage id={runId} store={runPage} results={results} benchmarks={benchmarks} />;
  return <ResultsScreen store={results} />;
}
