// Runs in the renderer. The Benchmarks screen as the registry mounts it: the screen itself takes
// its store as a prop (so it can be rendered over any store in isolation); this hands it the app's.
// Run plans sit below it: they are runs of the same engine.
import { useBenchmarksStore, usePlansStore } from '../../app/stores-context';
import { PlansPanel } from '../plans/PlansPanel';
import { BenchmarksScreen } from './BenchmarksScreen';

export function BenchmarksRoute() {
  return (
    <>
      <BenchmarksScreen store={useBenchmarksStore()} />
      <PlansPanel store={usePlansStore()} />
    </>
  );
}
