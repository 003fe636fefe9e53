// Test helper. Checks the same TLS behaviour on every engine's private server.
import { expect } from 'vitest';
import type { ConnectionParams } from '../../shared/model/connection';
import { testConnection } from '../../main/core/connections/tester';

/**
 * verify-full with the right CA: a server name the certificate does not list fails and says so;
 * the one it lists (certName) connects.
 */
export async function expectHostNameChecked(
  base: (tls: ConnectionParams['tls']) => ConnectionParams,
  caFile: string,
  certName: string,
): Promise<void> {
  const wrong = await testConnection(
    base({ mode: 'verify-full', ca_file: caFile, server_name: 'other.benchphant.test' }),
  );
  expect(wrong).toMatchObject({ success: false, code: 'TLS_FAILED' });
  expect(wrong.message).toContain("does not name 'other.benchphant.test'");
  const right = await testConnection(
    base({ mode: 'verify-full', ca_file: caFile, server_name: certName }),
  );
  expect(right.success).toBe(true);
}
