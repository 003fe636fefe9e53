// Runs in the renderer. Says where a typed password will be kept, or why it cannot be.
import type { AppInfo } from '../../../../shared/contract/sandbox';

export function PasswordHint({
  store,
  message,
}: {
  store: AppInfo['secret_store'] | undefined;
  message: string | null;
}) {
  if (store === 'keychain') return <>Kept in your OS keychain, never in Benchphant’s database.</>;
  if (store === 'none')
    return <span className="hint-warning">{message ?? 'No secret store is available.'}</span>;
  return <>{message ?? 'Kept outside Benchphant’s database.'}</>;
}
