// Runs in the renderer. The facts of a run's page: how it was configured, the server it measured
// (as snapshotted at its start) with its key settings, the client machine, and its phases.
import type { RunStatusView } from '../../../../shared/contract/benchmarks';
import { ENGINE_INFO } from '../../../../shared/model/engines';
import { bytes, duration, durationMs, latency, settingValue } from '../../components/figure-format';
import type { Entry, Phases } from './run-facts';
import { configEntries, ranOnEntries } from './run-facts';

function Facts({ entries, label }: { entries: readonly Entry[]; label: string }) {
  return (
    <dl className="run-facts" aria-label={label}>
      {entries.map(([k, v]) => (
        <div key={k} className="run-fact">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Section({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: React.ReactNode;
}) {
  return (
    <section
      className="bench-card run-section"
      aria-labelledby={`run-${id}-title`}
      data-testid={`run-${id}`}
    >
      <h2 id={`run-${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

export function RunConfigSection({ run }: { run: RunStatusView }) {
  return (
    <Section id="config" title="Configuration">
      <Facts entries={[...configEntries(run.config), ...ranOnEntries(run)]} label="Configuration" />
    </Section>
  );
}

export function RunServerSection({ run }: { run: RunStatusView }) {
  const t = run.target;
  const entries: Entry[] = t
    ? [
        [
          'Connection',
          `${t.connection_name}${run.connection_deleted ? ' (deleted connection)' : ''}`,
        ],
        ['Engine', ENGINE_INFO[t.engine].label],
        ['Host', `${t.host}:${t.port}`],
        ['Database', t.database],
        ['Version', t.server_version ?? run.server?.version ?? 'not recorded'],
      ]
    : [['Version', run.server?.version ?? 'not recorded']];
  const rtt: Entry[] = [
    [
      'Network round trip before the run',
      run.detail.network_rtt_before_ms === null
        ? 'not measured'
        : latency(run.detail.network_rtt_before_ms),
    ],
    [
      'Probe latency under load (last)',
      run.detail.network_rtt_ms === null ? 'not measured' : latency(run.detail.network_rtt_ms),
    ],
  ];
  // As a person reads them: "shared_buffers 16384 8kB" is 128 MiB.
  const settings = Object.entries(run.server?.settings ?? {}).map(([name, raw]): Entry => [
    name,
    settingValue(name, raw),
  ]);
  return (
    <Section id="server" title="Server">
      <Facts entries={[...entries, ...rtt]} label="Server" />
      {settings.length > 0 ? (
        <>
          <h3>Key settings</h3>
          <Facts entries={settings} label="Key settings" />
        </>
      ) : (
        <p className="bench-empty">The server's settings were not recorded for this run.</p>
      )}
    </Section>
  );
}

const CLIENT_LABELS: Record<string, string> = {
  cpu: 'CPU',
  cores: 'Cores',
  memory_bytes: 'Memory',
  os: 'Operating system',
  node: 'Node.js',
};

export function RunClientSection({ run }: { run: RunStatusView }) {
  const entries = Object.entries(run.client ?? {}).map(([k, v]): Entry => [
    CLIENT_LABELS[k] ?? k,
    k.endsWith('_bytes') && typeof v === 'number' ? bytes(v) : String(v),
  ]);
  return (
    <Section id="client" title="Client machine">
      {entries.length > 0 ? (
        <Facts entries={entries} label="Client machine" />
      ) : (
        <p className="bench-empty">The load generator's machine was not recorded for this run.</p>
      )}
    </Section>
  );
}

export function RunPhasesSection({ phases, partial }: { phases: Phases; partial: number | null }) {
  const entries: Entry[] = [
    [
      'Preparing, connecting and cleaning up',
      phases.other === null ? 'still running' : duration(phases.other),
    ],
    ['Warm-up (not in the figures)', duration(phases.warmup)],
    [
      'Measured',
      `${durationMs(phases.measured * 1000)}${partial !== null ? ` (the last interval is partial: ${durationMs(partial * 1000)}, after Stop)` : ''}`,
    ],
    ['Total', phases.wall === null ? 'still running' : duration(phases.wall)],
  ];
  return (
    <Section id="phases" title="Phases">
      <Facts entries={entries} label="Phases" />
    </Section>
  );
}

export { Section as RunSection };
