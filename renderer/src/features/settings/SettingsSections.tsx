// Runs in the renderer. The cards of Settings that set things: theme, what a new benchmark run
// starts with, host-metrics sampling and retention, and the tenant query log's slow threshold.
import { useId } from 'react';
import { metricsConfigSchema } from '../../../../shared/contract/metrics';
import {
  benchDefaultsSchema,
  THEMES,
  type BenchDefaults,
  type Theme,
} from '../../../../shared/contract/settings';
import { tenantLogSettingsSchema } from '../../../../shared/contract/tenant-ops';
import { useSettings } from '../../app/stores-context';
import { type SettingField, SettingsForm } from './SettingsForm';
import { SCHEMA_WORDS, THEME_LABELS, wholeBetween } from './settings-words';
import { useChoice, useSaidLine } from './useSaidLine';

export function ThemeSection() {
  const saved = useSettings((s) => s.app?.theme ?? 'system');
  const updateApp = useSettings((s) => s.updateApp);
  const [run, line] = useSaidLine();
  const [theme, chooseTheme] = useChoice(saved, run);
  const uid = useId();
  return (
    <section className="settings-card" aria-labelledby={`${uid}-title`}>
      <h2 id={`${uid}-title`}>Appearance</h2>
      <fieldset className="settings-choice">
        <legend>Theme</legend>
        {THEMES.map((t: Theme) => (
          <label key={t} className="check">
            <input
              type="radio"
              name={`${uid}-theme`}
              value={t}
              checked={theme === t}
              onChange={() => chooseTheme(t, () => updateApp({ theme: t }))}
            />
            {THEME_LABELS[t]}
          </label>
        ))}
      </fieldset>
      {line}
    </section>
  );
}

const BENCH_FIELDS: SettingField<keyof BenchDefaults>[] = [
  {
    key: 'clients',
    label: 'Clients',
    hint: 'Connections to the database.',
    invalid: wholeBetween(1, 4096, 'clients'),
  },
  {
    key: 'duration',
    label: 'Duration',
    hint: 'Measured seconds.',
    invalid: wholeBetween(1, 86_400, 'seconds'),
  },
  {
    key: 'warmup',
    label: 'Warm-up',
    hint: 'Seconds before measuring starts.',
    invalid: wholeBetween(0, 86_400, 'seconds'),
  },
  {
    key: 'report_interval_ms',
    label: 'Report interval',
    hint: 'Milliseconds between progress reports.',
    invalid: wholeBetween(100, 60_000, 'milliseconds'),
  },
  {
    key: 'schema',
    label: 'Benchmark schema',
    hint: 'Where the benchmark tables go (a database on MySQL).',
    invalid: SCHEMA_WORDS,
    kind: 'text',
  },
];

export function BenchDefaultsSection() {
  const defaults = useSettings((s) => s.app?.bench_defaults);
  const updateApp = useSettings((s) => s.updateApp);
  if (!defaults) return null;
  return (
    <SettingsForm
      title="New benchmark runs"
      intro="What the New run form starts with; a run can still change each of them."
      fields={BENCH_FIELDS}
      values={defaults}
      schema={benchDefaultsSchema}
      save={async (v) => {
        await updateApp({ bench_defaults: v as BenchDefaults });
      }}
    />
  );
}

type HostKey = 'sampling_interval_seconds' | 'retention_days';
const HOST_FIELDS: SettingField<HostKey>[] = [
  {
    key: 'sampling_interval_seconds',
    label: 'Sampling interval',
    hint: 'Seconds between samples (every second while a run is active).',
    invalid: wholeBetween(1, 3600, 'seconds'),
  },
  {
    key: 'retention_days',
    label: 'Keep samples for',
    hint: 'Days; older samples are removed.',
    invalid: wholeBetween(1, 3650, 'days'),
  },
];
const hostSchema = metricsConfigSchema.pick({
  sampling_interval_seconds: true,
  retention_days: true,
});

export function HostMetricsSection() {
  const config = useSettings((s) => s.metrics);
  const updateMetrics = useSettings((s) => s.updateMetrics);
  const [run, line] = useSaidLine();
  const uid = useId();
  const [archive, chooseArchive] = useChoice(config?.archive_enabled ?? false, run);
  if (!config) return null;
  return (
    <SettingsForm
      title="Host metrics"
      intro="How often the Monitor samples this machine, and how long it keeps the samples."
      fields={HOST_FIELDS}
      values={config}
      schema={hostSchema}
      save={async (v) => {
        const retention = Number(v.retention_days);
        await updateMetrics({
          sampling_interval_seconds: Number(v.sampling_interval_seconds),
          retention_days: retention,
          // Downsampling starts no later than removal, or the core refuses the pair.
          downsample_after_days: Math.min(config.downsample_after_days, retention),
        });
      }}
    >
      <div className="settings-toggle">
        <label className="check" htmlFor={`${uid}-archive`}>
          <input
            id={`${uid}-archive`}
            type="checkbox"
            checked={archive}
            onChange={(e) => {
              const archive_enabled = e.target.checked;
              chooseArchive(archive_enabled, () => updateMetrics({ archive_enabled }));
            }}
          />
          Archive samples before they are removed (a compressed file in the data directory)
        </label>
        {line}
      </div>
    </SettingsForm>
  );
}

const LOG_FIELDS: SettingField<'slow_query_ms'>[] = [
  {
    key: 'slow_query_ms',
    label: 'Slow query threshold',
    hint: 'Milliseconds; a statement at least this long is logged as slow.',
    invalid: wholeBetween(1, 3_600_000, 'milliseconds'),
  },
];

export function TenantLogSection() {
  const settings = useSettings((s) => s.tenantLogs);
  const updateTenantLogs = useSettings((s) => s.updateTenantLogs);
  if (!settings) return null;
  return (
    <SettingsForm
      title="Tenant query log"
      intro="Statements Benchphant runs on tenant databases are logged; these count as slow."
      fields={LOG_FIELDS}
      values={settings}
      schema={tenantLogSettingsSchema}
      save={async (v) => {
        await updateTenantLogs({ slow_query_ms: Number(v.slow_query_ms) });
      }}
    />
  );
}
