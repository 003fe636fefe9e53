import { describe, expect, it } from 'vitest';
import { buildCsp } from '../../../shared/csp';

describe('buildCsp', () => {
  it('is the one strict policy for the app and the server', () => {
    expect(buildCsp()).toBe(
      "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it("lets only the login page's form post, and only to its own origin", () => {
    const login = buildCsp({ formToSelf: true });
    expect(login).toContain("form-action 'self'");
    expect(login).not.toContain("form-action 'none'");
    expect(login.replace("form-action 'self'", "form-action 'none'")).toBe(buildCsp());
  });

  it('allows no inline or evaluated script', () => {
    expect(buildCsp()).not.toMatch(/script-src|unsafe-eval/);
  });
});
