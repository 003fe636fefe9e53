// Runs in the renderer. The Tenants screen as the registry mounts it: the screen takes its store
// as a prop (so it renders over any store in isolation); this hands it the app's.
import { useTenantsStore } from '../../app/stores-context';
import { TenantsScreen } from './TenantsScreen';

export function TenantsRoute() {
  return <TenantsScreen store={useTenantsStore()} />;
}
