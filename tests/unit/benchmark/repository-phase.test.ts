// A run's ending is final: a progress report that arrives after the run was written as cancelled
// (a worker's last rows, a timer) cannot make it read as preparing again.
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { RunRepository } from '../../../main/core/benchmark/repository';
import { openDatabase } from '../../../main/core/store/database';
import { runStartSchema } from '../../../shared/contract/benchmarks';
import { makeTempDir } from '../../support/temp-dir';

const dir = makeTempDir('bp-repo-phase-');
const db = openDatabase(join(dir.path, 'benchphant.sqlite'));
afterEach(() => {
  db.close();
  dir.remove();
});

it('ignores a phase update once the run has finished', () => {
  const repo = new RunRepository(db);
  const id = '00000000-0000-4000-8000-0000000000aa';
  const { allow_production: _a, ...config } = runStartSchema.parse({
    connection_id: '00000000-0000-4000-8000-0000000000bb',
    type: 'oltp_point_select',
    threads: 1,
    duration: 1,
  });
  repo.insert({ id, config, client: {}, startTime: new Date().toISOString() });
  repo.setPhase(id, 'preparing', 'prepare', 0.5);
  expect(repo.summary(id)!.status).toBe('preparing');
  repo.finish(id, 'cancelled', null, new Date().toISOString());
  repo.setPhase(id, 'preparing', 'prepare', 0.6);
  expect(repo.summary(id)!.status).toBe('cancelled');
  expect(repo.get(id)!.phase).toBe('done');
});
