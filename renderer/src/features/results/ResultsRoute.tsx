// Runs in the renderer. The Results screen as the registry mounts it: the screen takes its store
// as a prop (so it can be rendered over any store in isolation); this hands it the app's.
import { useResultsStore } from '../../app/stores-context';
import { ResultsScreen } from './ResultsScreen';

export function ResultsRoute() {
  return <ResultsScreen store={useResultsStore()} />;
}
