// The tenant-ops store over the memory transport and a real core (backup progress events, the
// slow threshold, an unknown tenant's error), and the panel's pure formatting.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportStatus } from '../../../shared/contract/tenant-ops';
import {
  bytes,
  progressText,
  rowsSummary,
  verificationRows,
} from '../../../renderer/src/features/tenant-ops/tenant-ops-view';
import {
  createTenantOpsStore,
  type TenantOpsStore,
} from '../../../renderer/src/stores/tenant-ops-store';
import { createHarness, type Harness } from './harness';

let h: Harness;
let store: TenantOpsStore;

beforeEach(() => {
  h = createHarness();
  store = createTenantOpsStore(h.client);
});

afterEach(async () => {
  store.dispose();
  await h.cleanup();
});

const progress = (tenant_id: string, step: 'dumping' | 'done', p: number) => ({
  tenant_id,
  operation: 'backup' as const,
  database: 'ws__acme',
  step,
  progress: p,
  message: null,
});

describe('tenant-ops store', () => {
  it("shows the open tenant's backup progress and clears it when the backup ends", async () => {
    await store.getState().open('acme');
    h.core.events.emit('backups.progressed', progress('globex', 'dumping', 0.5));
    expect(store.getState().progress).toBeNull();
    h.core.events.emit('backups.progressed', progress('acme', 'dumping', 0.5));
    expect(store.getState().progress).toMatchObject({ step: 'dumping', progress: 0.5 });
    h.core.events.emit('backups.progressed', progress('acme', 'done', 1));
    expect(store.getState().progress).toBeNull();
    store.getState().close();
    h.core.events.emit('backups.progressed', progress('acme', 'dumping', 0.1));
    expect(store.getState().progress).toBeNull();
  });

  it('keeps the API error for a tenant that does not exist, written for the user', async () => {
    await store.getState().open('nobody_here');
    expect(store.getState().error).toMatch(/nobody_here/);
    expect(store.getState().metrics).toBeNull();
  });

  it('saves the slow threshold through the core and reads it back', async () => {
    const message = await store.getState().setSlowThreshold(321);
    expect(message).toBe('Statements taking 321 ms or more are logged as slow.');
    expect(store.getState().slowQueryMs).toBe(321);
    expect((await h.client.call('tenantLogs.settings')).slow_query_ms).toBe(321);
  });
});

describe('tenant-ops formatting', () => {
  it('writes sizes in binary steps', () => {
    expect(bytes(0)).toBe('0 B');
    expect(bytes(1023)).toBe('1,023 B');
    expect(bytes(1536)).toBe('1.5 KiB');
    expect(bytes(10 * 1024 * 1024)).toBe('10 MiB');
    expect(bytes(3.3 * 1024 ** 3)).toBe('3.3 GiB');
  });

  it('lists rows per table by name, and a dash for none', () => {
    expect(rowsSummary({ orders: 12000, accounts: 3 })).toBe('accounts 3, orders 12,000');
    expect(rowsSummary({})).toBe('—');
  });

  it('names the step and the database of a restore', () => {
    expect(
      progressText({
        operation: 'restore',
        database: 'ws__acme',
        step: 'verifying',
        progress: 0.5,
        message: null,
      }),
    ).toBe('Restore: Verifying row counts (ws__acme)');
  });

  it('marks a table whose target rows differ from the source, or were never counted', () => {
    const table = (name: string, source: number | null, target: number | null) => ({
      table: name,
      source_rows: source,
      target_rows: target,
      status: 'verified' as const,
    });
    const status = {
      tenants: [
        { tenant_id: 'acme', tables: [table('a', 2, 2), table('b', 3, 1)] },
        { tenant_id: 'beta', tables: [table('a', null, null)] },
      ],
    } as unknown as ImportStatus;
    expect(verificationRows(status).map((r) => [r.tenant, r.table, r.ok])).toEqual([
      ['acme', 'a', true],
      ['acme', 'b', false],
      ['beta', 'a', false],
    ]);
  });
});
