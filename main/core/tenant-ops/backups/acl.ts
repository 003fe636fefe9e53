// Runs in the main process, server and CLI. PostgreSQL access lists (`aclitem[]` as text, e.g.
// `tenant=CTc/postgres`) turned back into GRANT statements, for copies that must keep them.
import { pgQuoter } from '../../engines/postgresql/tenants/sql';

const PRIVILEGES: Record<string, string> = {
  r: 'SELECT',
  a: 'INSERT',
  w: 'UPDATE',
  d: 'DELETE',
  D: 'TRUNCATE',
  x: 'REFERENCES',
  t: 'TRIGGER',
  U: 'USAGE',
  C: 'CREATE',
  c: 'CONNECT',
  T: 'TEMPORARY',
};
const q = pgQuoter;

/** One GRANT per entry of `acl` on `object` (e.g. `TABLE "items"`); an empty grantee is PUBLIC. */
export function grantsOf(object: string, acl: readonly string[]): string[] {
  const out: string[] = [];
  for (const item of acl) {
    const m = /^(?:"((?:[^"]|"")*)"|([^=]*))=([A-Za-z*]*)\//.exec(item);
    if (!m) continue;
    const grantee = m[1] !== undefined ? m[1].replaceAll('""', '"') : (m[2] ?? '');
    const privileges = [...(m[3] ?? '')].map((ch) => PRIVILEGES[ch]).filter(Boolean);
    if (privileges.length === 0) continue;
    out.push(
      `GRANT ${privileges.join(', ')} ON ${object} TO ${grantee ? q.ident(grantee) : 'PUBLIC'}`,
    );
  }
  return out;
}
