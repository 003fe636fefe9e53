// The New run form's values: the problems each field reports in the form's own words, the run
// settings they make (checked against the contract's own schema), and a saved configuration
// filling the form back.
import { describe, expect, it } from 'vitest';
import { runStartSchema } from '../../../shared/contract/benchmarks';
import {
  fieldOrder,
  fromConfig,
  newScript,
  type RunFormValues,
  runFormDefaults,
  runFormErrors,
  toSettings,
} from '../../../renderer/src/features/benchmarks/run-form';

const custom = (patch: Partial<RunFormValues> = {}): RunFormValues => ({
  ...runFormDefaults(),
  type: 'custom',
  scripts: [
    { name: 'lookup', weight: '3', sql: 'SELECT 1;' },
    { name: 'branches', weight: '1', sql: 'SELECT 2;' },
  ],
  ...patch,
});

describe('New run form values', () => {
  it('has no problem with its defaults, and they make a run the contract accepts', () => {
    const values = runFormDefaults();
    expect(runFormErrors(values, 'schema')).toEqual({});
    const parsed = runStartSchema.safeParse({
      ...toSettings(values, {}),
      connection_id: '00000000-0000-4000-8000-000000000000',
    });
    expect(parsed.success).toBe(true);
  });

  it('names each field by its label, with the bounds of the contract', () => {
    const errors = runFormErrors(
      {
        ...runFormDefaults(),
        threads: '5000',
        duration: '1.5',
        rate: '0',
        warmup: '-2',
        reportInterval: '90',
        params: { tables: '0' },
        schema: 'Bad Name',
      },
      'database',
    );
    expect(errors).toEqual({
      threads: 'Clients is at most 4,096.',
      duration: 'Duration is a whole number from 1 to 86,400.',
      rate: 'Rate is above 0 transactions/s.',
      warmup: 'Warm-up is 0 s or more.',
      reportInterval: 'Report interval is from 0.1 to 60 s.',
      'param-tables': 'Tables must be at least 1 (got 0).',
      schema:
        'The database name takes lower-case letters, digits and _ (at most 63, not starting with a digit).',
    });
    // The first of them in the order on screen is the one the form moves to.
    expect(fieldOrder(runFormDefaults()).find((f) => errors[f])).toBe('threads');
  });

  it('checks each script: a name of its own, a whole weight, some text', () => {
    const errors = runFormErrors(
      custom({
        scripts: [
          { name: 'lookup', weight: '3', sql: 'SELECT 1;' },
          { name: ' lookup ', weight: '0', sql: '  ' },
          { name: '', weight: '2.5', sql: 'SELECT 3;' },
        ],
      }),
      'schema',
    );
    expect(errors).toEqual({
      'script-1-name': 'Another script is named “lookup”: each needs its own name.',
      'script-1-weight': 'Weight must be at least 1.',
      'script-1-sql': 'The script is empty: write at least one statement.',
      'script-2-name': 'Give the script a name: the results list each script by it.',
      'script-2-weight': 'Weight is a whole number from 1 to 1,000.',
    });
    // Scripts are not a problem of other workloads.
    expect(runFormErrors({ ...custom(), type: 'select_only', scripts: [] }, 'schema')).toEqual({});
  });

  it('makes weighted scripts, warm-up and report interval into run settings, and back', () => {
    const settings = toSettings(custom({ warmup: '2', reportInterval: '0.5', rate: '' }), {
      protocol: 'simple',
    });
    expect(settings).toMatchObject({
      type: 'custom',
      warmup: 2,
      report_interval_ms: 500,
      protocol: 'simple',
      scripts: [
        { name: 'lookup', weight: 3, sql: 'SELECT 1;' },
        { name: 'branches', weight: 1, sql: 'SELECT 2;' },
      ],
    });
    expect(settings).not.toHaveProperty('rate');
    const back = fromConfig(settings);
    expect(back.values).toEqual(custom({ warmup: '2', reportInterval: '0.5' }));
    expect(back.extras).toEqual({ protocol: 'simple' });
    // An empty warm-up stays empty: the engine's default (10 % of the duration) applies.
    expect(toSettings({ ...runFormDefaults(), warmup: '' }, {})).not.toHaveProperty('warmup');
  });

  it('keeps the parameters it has no field for, as they were, through an edit', () => {
    const { values, extras } = fromConfig({
      ...toSettings(runFormDefaults(), {}),
      type: 'oltp_read_write',
      parameters: { table_size: 5000, rand_type: 'uniform', skip_trx: true },
    });
    expect(values.params).toEqual({ table_size: '5000' });
    const edited = toSettings({ ...values, params: { table_size: '20000' } }, extras);
    expect(edited.parameters).toEqual({ table_size: 20000, rand_type: 'uniform', skip_trx: true });
  });

  it('starts from the new-run defaults in Settings', () => {
    const values = runFormDefaults({
      clients: 16,
      duration: 120,
      warmup: 20,
      report_interval_ms: 500,
      schema: 'perf_lab',
    });
    expect(values).toMatchObject({
      threads: '16',
      duration: '120',
      warmup: '20',
      reportInterval: '0.5',
      schema: 'perf_lab',
    });
    expect(toSettings(values, {})).toMatchObject({
      threads: 16,
      duration: 120,
      warmup: 20,
      report_interval_ms: 500,
      schema: 'perf_lab',
    });
  });

  it('names an added script after the ones there', () => {
    expect(newScript([]).name).toBe('script');
    expect(newScript([newScript([]), { ...newScript([]), name: 'script 3' }]).name).toBe(
      'script 2',
    );
  });
});
