// Runs in the renderer. The Results screen as the registry mounts it: the list and comparison at
// #/results, a run's own page at #/results/runs/<id>. The screens take their stores as props (so
// they can be rendered over any store in isolation); this hands them the app's.
import { useBenchmarksStore, useResultsStore, useRunPageStore } from '../../app/stores-context';
import { useRouteRest } from '../../app/useRoute';
import { ResultsScreen } from './ResultsScreen';
import { RunPage } from './RunPage';
import { runIdOf } from './run-route';

export function ResultsRoute() {
  const runId = runIdOf(useRouteRest());
  const results = useResultsStore();
  const runPage = useRunPageStore();
  const benchmarks = useBenchmarksStore();
  if (runId)
    return <RunPage id={runId} store={runPage} results={results} benchmarks={benchmarks} />;
  return <ResultsScreen store={results} />;
}
