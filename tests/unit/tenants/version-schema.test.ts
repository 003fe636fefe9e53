// Runs in tests. The spec writes versions as `1.1`, `v1.1` and `v3`; all name one version.
import { describe, expect, it } from 'vitest';
import { versionSchema } from '../../../shared/contract/tenants';

describe('versionSchema', () => {
  it.each([
    ['1.1', '1.1'],
    ['v1.1', '1.1'],
    ['v3', '3.0'],
    ['3', '3.0'],
    [' v2.10 ', '2.10'],
  ])('reads %j as %s', (raw, version) => {
    expect(versionSchema.parse(raw)).toBe(version);
  });

  it.each(['', 'v', '1.', '1.2.3', 'latest', 'v-1', '1.0a'])('refuses %j', (raw) => {
    expect(versionSchema.safeParse(raw).success).toBe(false);
  });
});
