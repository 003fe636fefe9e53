import { describe, expect, it } from 'vitest';
import { buildCsp } from '../../../shared/csp';

describe('buildCsp', () => {
  it('is the one strict policy for the app and the server', () => {
    expect(buildCsp()).toBe(
      "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('allows no inline or evaluated script', () => {
    expect(buildCsp()).not.toMatch(/script-src|unsafe-eval/);
  });
});
