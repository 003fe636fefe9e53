// Runs in every process. The app's own settings: the look (theme) and the values a new benchmark
// run starts from. Host-metrics sampling and retention stay in `config.*`, the tenant query log's
// threshold in `tenantLogs.*`; the Settings screen shows all three.
import { z } from 'zod';
import { DEFAULT_BENCH_SCHEMA, benchSchemaName, runStartSchema } from './benchmarks';
import { event, operation } from './define';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** What the New run form fills in before the user changes anything; the run's own limits apply. */
export const benchDefaultsSchema = z.object({
  /** Client connections (a run's `threads`). */
  clients: runStartSchema.shape.threads,
  /** Measured seconds. */
  duration: runStartSchema.shape.duration,
  /** Warm-up seconds before the measured ones. */
  warmup: z.number().int().min(0, 'warmup must be at least 0 s').max(86_400),
  report_interval_ms: runStartSchema.shape.report_interval_ms.unwrap(),
  schema: benchSchemaName,
});
export type BenchDefaults = z.infer<typeof benchDefaultsSchema>;

export const appSettingsSchema = z.object({
  theme: z.enum(THEMES, { error: `theme must be one of: ${THEMES.join(', ')}` }),
  bench_defaults: benchDefaultsSchema,
});
export type AppSettings = z.infer<typeof appSettingsSchema>;

export const DEFAULT_APP_SETTINGS: AppSettings = {
  theme: 'system',
  bench_defaults: {
    clients: 4,
    duration: 30,
    warmup: 3,
    report_interval_ms: 1000,
    schema: DEFAULT_BENCH_SCHEMA,
  },
};

const settingsUpdateSchema = z
  .object({
    theme: appSettingsSchema.shape.theme.optional(),
    bench_defaults: benchDefaultsSchema.partial().strict().optional(),
  })
  .strict()
  .refine((v) => v.theme !== undefined || v.bench_defaults !== undefined, {
    message: 'the body must set theme or bench_defaults',
  });

export const settingsOperations = {
  /** The theme and the benchmark defaults. */
  'settings.get': operation({
    doc: 'Get the app settings (theme, benchmark defaults).',
    input: z.object({}).default({}),
    output: appSettingsSchema,
    rest: { method: 'GET', path: '/api/v1/settings' },
  }),
  /** Change any subset; every window applies it at once, no restart. */
  'settings.update': operation({
    doc: 'Update the app settings.',
    input: settingsUpdateSchema,
    output: z.object({ message: z.string(), settings: appSettingsSchema }),
    rest: { method: 'PUT', path: '/api/v1/settings' },
  }),
};

export const settingsEvents = {
  /** The app settings changed; every window applies them. */
  'settings.changed': event({ doc: 'The app settings changed.', payload: appSettingsSchema }),
};
