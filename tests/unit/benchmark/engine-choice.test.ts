// Which engine runs a run: native where the addon loads and can run it, Node otherwise (for
// `auto`, with the reason), and a clear refusal when `native` was asked for and cannot run.
import { describe, expect, it } from 'vitest';
import { runStartSchema } from '../../../shared/contract/benchmarks';
import type { ConnectionParams } from '../../../shared/model/connection';
import { chooseEngine } from '../../../main/core/benchmark/engine-choice';

const PG: ConnectionParams = {
  type: 'postgresql',
  host: '127.0.0.1',
  port: 5432,
  database: 'test',
  username: 'postgres',
};
const MY: ConnectionParams = { ...PG, type: 'mysql', port: 3306, username: 'root' };
const input = (extra: Record<string, unknown> = {}) =>
  runStartSchema.parse({
    connection_id: '00000000-0000-4000-8000-000000000001',
    type: 'select_only',
    threads: 2,
    duration: 1,
    ...extra,
  });

describe('engine choice', () => {
  it('runs on the native engine by default where the addon is built', () => {
    expect(chooseEngine(input(), PG)).toEqual({ engine: 'native', fallback: null });
    expect(chooseEngine(input({ pipeline: 4 }), PG)).toEqual({ engine: 'native', fallback: null });
  });

  it('runs on Node when asked, without a fallback note', () => {
    expect(chooseEngine(input({ engine: 'node' }), PG)).toEqual({ engine: 'node', fallback: null });
  });

  it('falls back to Node for what the native engine cannot do, saying why', () => {
    const choice = chooseEngine(input({ pipeline: 4 }), MY);
    expect(choice.engine).toBe('node');
    expect(choice.fallback).toMatch(/does not pipeline on MySQL/);
    expect(() => chooseEngine(input({ pipeline: 4, engine: 'native' }), MY)).toThrow(
      /engine native was asked for, but the native engine does not pipeline/,
    );
  });
});
