// Runs in the renderer. The Benchmarks screen as the registry mounts it: the screen itself takes
// its store as a prop (so it can be rendered over any store in isolation); this hands it the app's.
import { useBenchmarksStore } from '../../app/stores-context';
import { BenchmarksScreen } from './BenchmarksScreen';

export function BenchmarksRoute() {
  return <BenchmarksScreen store={useBenchmarksStore()} />;
}
