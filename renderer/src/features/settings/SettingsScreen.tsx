// Runs in the renderer. Facts about this Benchphant: version, where its data lives, and which
// secret store keeps passwords (with what that means for the user).
import { AlertIcon } from '../../app/icons';
import { ScreenHeader } from '../../app/ScreenHeader';
import { useAppInfo } from '../../app/stores-context';
import { SECRET_STORE_LABELS } from '../connections/labels';
import './settings.css';
import { RetryNotice } from '../../components/RetryNotice';
import { ApiKeysSection } from '../account/ApiKeysSection';
import { UsersSection } from '../account/UsersSection';

export function SettingsScreen() {
  const info = useAppInfo((s) => s.info);
  const status = useAppInfo((s) => s.status);
  const error = useAppInfo((s) => s.error);
  const load = useAppInfo((s) => s.load);
  const weakStore = info?.secret_store === 'none' || info?.secret_store === 'memory';

  return (
    <>
      <ScreenHeader title="Settings" subtitle="About this Benchphant and where it keeps things." />
      {status === 'error' && <RetryNotice error={error} onRetry={() => void load()} />}
      {info && (
        <section className="settings-card" aria-labelledby="about-title">
          <h2 id="about-title">About</h2>
          <dl className="facts">
            <dt>Version</dt>
            <dd>{info.version}</dd>
            <dt>Data directory</dt>
            <dd>
              <code className="path">{info.data_dir}</code>
              <span className="fact-hint">
                The local database, logs and the Sandbox PostgreSQL live here.
              </span>
            </dd>
            <dt>Secret store</dt>
            <dd>
              {SECRET_STORE_LABELS[info.secret_store]}
              {info.secret_store_message && (
                <div className={`notice ${weakStore ? 'notice-warning' : ''} store-message`}>
                  {weakStore && <AlertIcon />}
                  <span>{info.secret_store_message}</span>
                </div>
              )}
            </dd>
            <dt>Theme</dt>
            <dd>Follows your system’s light or dark setting.</dd>
          </dl>
        </section>
      )}
      <ApiKeysSection />
      <UsersSection />
    </>
  );
}
