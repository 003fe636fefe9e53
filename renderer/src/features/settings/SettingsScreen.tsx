// Runs in the renderer. Settings: what can be set (theme, new-run defaults, host-metrics sampling
// and retention, the tenant log's slow threshold), each applied at once; then facts about this
// Benchphant (version, the data directory and the secret store, with their state) and accounts.
import { AlertIcon } from '../../app/icons';
import { ScreenHeader } from '../../app/ScreenHeader';
import { useAppInfo, useSettings } from '../../app/stores-context';
import { bytes } from '../../components/figure-format';
import { SECRET_STORE_LABELS } from '../connections/labels';
import './settings.css';
import { RetryNotice } from '../../components/RetryNotice';
import { ApiKeysSection } from '../account/ApiKeysSection';
import { UsersSection } from '../account/UsersSection';
import {
  BenchDefaultsSection,
  HostMetricsSection,
  TenantLogSection,
  ThemeSection,
} from './SettingsSections';

function DataDirState() {
  const state = useAppInfo((s) => s.info?.data_dir_state);
  if (!state) return null;
  return (
    <span className="fact-hint" data-testid="data-dir-state">
      {state.writable ? 'Writable' : 'Not writable: Benchphant cannot save anything here'}
      {state.free_bytes !== null && `, ${bytes(state.free_bytes)} free`}.
    </span>
  );
}

function About() {
  const info = useAppInfo((s) => s.info);
  if (!info) return null;
  const weakStore = info.secret_store === 'none' || info.secret_store === 'memory';
  return (
    <section className="settings-card" aria-labelledby="about-title">
      <h2 id="about-title">About</h2>
      <dl className="facts">
        <dt>Version</dt>
        <dd>{info.version}</dd>
        <dt>Data directory</dt>
        <dd>
          <code className="path">{info.data_dir}</code>
          <DataDirState />
          <span className="fact-hint">
            The local database, logs and the Sandbox PostgreSQL live here; it is chosen when
            Benchphant starts (BENCHPHANT_DATA_DIR).
          </span>
        </dd>
        <dt>Secret store</dt>
        <dd>
          <span data-testid="secret-store">
            {SECRET_STORE_LABELS[info.secret_store]}
            {weakStore ? '' : ': in use'}
          </span>
          {info.secret_store_message && (
            <div className={`notice ${weakStore ? 'notice-warning' : ''} store-message`}>
              {weakStore && <AlertIcon />}
              <span>{info.secret_store_message}</span>
            </div>
          )}
        </dd>
      </dl>
    </section>
  );
}

export function SettingsScreen() {
  const infoStatus = useAppInfo((s) => s.status);
  const infoError = useAppInfo((s) => s.error);
  const loadInfo = useAppInfo((s) => s.load);
  const status = useSettings((s) => s.status);
  const error = useSettings((s) => s.error);
  const load = useSettings((s) => s.load);

  return (
    <>
      <ScreenHeader
        title="Settings"
        subtitle="Every change here applies at once, without a restart."
      />
      {status === 'error' && <RetryNotice error={error} onRetry={() => void load()} />}
      {infoStatus === 'error' && <RetryNotice error={infoError} onRetry={() => void loadInfo()} />}
      <div className="settings-grid">
        <ThemeSection />
        <BenchDefaultsSection />
        <HostMetricsSection />
        <TenantLogSection />
        <About />
      </div>
      <ApiKeysSection />
      <UsersSection />
    </>
  );
}
