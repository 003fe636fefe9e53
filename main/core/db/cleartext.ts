// Runs wherever a database session is opened. Whether a server that asks for the password in
// clear text (PostgreSQL AuthenticationCleartextPassword, MySQL mysql_clear_password) may have
// it: only over TLS, or when the peer is this machine. Never sends or logs the password itself.
import { BlockList, isIP } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
// BlockList also matches IPv4-mapped addresses (::ffff:127.0.0.1) against the IPv4 subnet.
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * Loopback is decided on the address the socket is connected to, not on the name the user typed
 * (a name can resolve anywhere): all of 127.0.0.0/8, ::1 and their IPv4-mapped form. A Unix
 * socket (no address; the host is a path) never leaves the machine either.
 */
export function isLoopback(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return LOOPBACK.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The rule: cleartext goes only inside TLS or to a loopback peer (or over a Unix socket). */
export type CleartextRule = (
  peer: { address: string | undefined; host: string },
  tls: boolean,
) => boolean;

export const mayReceiveCleartext: CleartextRule = (peer, tls) =>
  tls || (peer.address === undefined ? peer.host.startsWith('/') : isLoopback(peer.address));

/** The refusal; a class of its own because mysql2 rewrites the `code` of a plugin's error. */
export class CleartextRefused extends Error {
  constructor(readonly where: string) {
    super(
      `The server at ${where} asked for the password in clear text over an unencrypted connection, so Benchphant did not send it. Turn on TLS (require or verify-full) or connect through an SSH tunnel.`,
    );
    this.name = 'CleartextRefused';
  }
}
