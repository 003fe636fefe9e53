import { describe, expect, it } from 'vitest';
import { parseConnectionUrl } from '../../../../main/core/connections/url';
import { thrownAppError } from '../../../support/app-error';

const SECRET = 'Zq9-unlikely-S3cret';

const failure = (url: string) => thrownAppError(() => parseConnectionUrl(url));

describe('parseConnectionUrl', () => {
  it.each([
    ['postgres://u@db.example/app', 'postgresql', 5432],
    ['postgresql://u@db.example/app', 'postgresql', 5432],
    ['mysql://u@db.example/app', 'mysql', 3306],
    ['mariadb://u@db.example/app', 'mysql', 3306],
  ])('reads the scheme of %s and its default port', (url, type, port) => {
    expect(parseConnectionUrl(url)).toEqual({
      type,
      host: 'db.example',
      port,
      database: 'app',
      username: 'u',
      password: undefined,
      tls: undefined,
    });
  });

  it('keeps an explicit port, user and password', () => {
    const p = parseConnectionUrl(`postgres://alice:${SECRET}@10.0.0.5:6543/orders`);
    expect(p).toMatchObject({
      host: '10.0.0.5',
      port: 6543,
      username: 'alice',
      password: SECRET,
      database: 'orders',
    });
  });

  it('reads an IPv6 host without its brackets', () => {
    expect(parseConnectionUrl('postgres://u@[::1]:5433/db')).toMatchObject({
      host: '::1',
      port: 5433,
    });
  });

  it('decodes percent-encoded user, password and database', () => {
    const p = parseConnectionUrl('mysql://b%C3%B6b:p%40ss%3Aw%2Fd%25%20x@h/my%20db');
    expect(p).toMatchObject({ username: 'böb', password: 'p@ss:w/d% x', database: 'my db' });
  });

  it.each([
    ['disable', 'disable'],
    ['allow', 'prefer'],
    ['prefer', 'prefer'],
    ['require', 'require'],
    ['verify-ca', 'verify-full'],
    ['verify-full', 'verify-full'],
  ])('maps PostgreSQL sslmode=%s to TLS mode %s', (sslmode, mode) => {
    expect(parseConnectionUrl(`postgres://u@h/db?sslmode=${sslmode}`).tls).toEqual({ mode });
  });

  it.each([
    ['DISABLED', 'disable'],
    ['PREFERRED', 'prefer'],
    ['REQUIRED', 'require'],
    ['VERIFY_CA', 'verify-full'],
    ['VERIFY_IDENTITY', 'verify-full'],
  ])('maps MySQL ssl-mode=%s to TLS mode %s', (sslmode, mode) => {
    expect(parseConnectionUrl(`mysql://u@h/db?ssl-mode=${sslmode}`).tls).toEqual({ mode });
  });

  it('takes the CA file from sslrootcert', () => {
    expect(
      parseConnectionUrl('postgres://u@h/db?sslmode=verify-full&sslrootcert=/etc/ca.pem').tls,
    ).toEqual({
      mode: 'verify-full',
      ca_file: '/etc/ca.pem',
    });
  });

  it.each([
    ['not a url at all', /expected a form like postgres:\/\/user:password@host/],
    [
      `http://u:${SECRET}@h/db`,
      /scheme must be one of postgresql:\/\/, postgres:\/\/, mysql:\/\/, mariadb:\/\/, redis:\/\/, rediss:\/\//,
    ],
    [`postgres://u:${SECRET}@/db`, /names no host|expected a form/],
    ['postgres:///db', /names no host/],
    [`postgres://u:${SECRET}@h`, /names no database/],
    [`postgres://u:${SECRET}@h/`, /names no database/],
    [`postgres://:${SECRET}@h/db`, /names no user/],
    ['postgres://h/db', /names no user/],
    [`postgres://u:${SECRET}@h:70000/db`, /port must be between 1 and 65535/],
    [`postgres://u:${SECRET}@h:abc/db`, /port must be a number/],
    [`postgres://u:${SECRET}@h/a/b`, /must not contain "\/"/],
    [`postgres://u:${SECRET}@h/db?sslmode=sometimes`, /sslmode must be one of/],
    [`postgres://u:${SECRET}%zz@h/db`, /password is not correctly percent-encoded/],
    ['postgres://u%zz@h/db', /user name is not correctly percent-encoded/],
  ])('refuses %s with a clear BAD_INPUT message', (url, why) => {
    const err = failure(url);
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toMatch(/^The connection URL is not valid: /);
    expect(err.message).toMatch(why);
  });

  it('never repeats the password (plain, encoded or decoded) in an error message', () => {
    const encoded = encodeURIComponent(`${SECRET}@/:`);
    const urls = [
      `postgres://u:${encoded}@h:70000/db`,
      `postgres://u:${encoded}@h:port/db`,
      `postgres://u:${encoded}@h`,
      `ftp://u:${encoded}@h/db`,
      `postgres://u:${encoded}@h/db?sslmode=nope`,
      `postgres://u:${encoded}@/db`,
      `postgres://u:${encoded}%zz@h/db`,
      `postgres//u:${encoded}@h/db`,
    ];
    for (const url of urls) {
      const { message } = failure(url);
      expect(message).not.toContain(SECRET);
      expect(message).not.toContain(encoded);
    }
  });
});
