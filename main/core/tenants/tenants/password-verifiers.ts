// Runs in the main process, server and CLI. What the server stores for a tenant role's password,
// computed on our side (as psql's \password does), so that the statement creating the role carries
// no secret: a server that logs its statements (PostgreSQL log_statement = 'ddl', MariaDB's general
// log) logs no password.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/** PostgreSQL's default scram_iterations. */
const ITERATIONS = 4096;

const hmac = (key: Buffer, text: string): Buffer => createHmac('sha256', key).update(text).digest();

/** Printable ASCII is what SASLprep (PostgreSQL) and every MySQL charset leave as it is. */
function assertAscii(password: string): void {
  if (!/^[\x20-\x7e]+$/.test(password))
    throw new Error('password verifiers take printable ASCII passwords only');
}

/** `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, as pg_authid stores it (RFC 5802). */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16)): string {
  // The tenant passwords we generate are base64url; anything else would need the full SASLprep.
  assertAscii(password);
  const salted = pbkdf2Sync(password, salt, ITERATIONS, 32, 'sha256');
  const storedKey = createHash('sha256').update(hmac(salted, 'Client Key')).digest();
  const serverKey = hmac(salted, 'Server Key');
  return `SCRAM-SHA-256$${ITERATIONS}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** MariaDB's mysql_native_password hash, `*` and SHA1(SHA1(password)) in upper-case hex. */
export function mysqlNativeHash(password: string): string {
  assertAscii(password);
  const inner = createHash('sha1').update(password).digest();
  return `*${createHash('sha1').update(inner).digest('hex').toUpperCase()}`;
}
