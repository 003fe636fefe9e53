// Runs in the headless server. Host and Origin checks on every request and upgrade, against DNS
// rebinding and cross-site WebSocket hijacking; it must never trust a header it did not parse.

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackAddress(host: string): boolean {
  return (
    host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host)
  );
}

interface HostPort {
  hostname: string;
  port: number;
}

function parseHost(value: string): HostPort | null {
  try {
    const url = new URL(`http://${value}`);
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return null;
    return { hostname: url.hostname, port: url.port === '' ? 80 : Number(url.port) };
  } catch {
    return null;
  }
}

export interface HostPolicy {
  /** True when the server listens on loopback only: then the Host must name loopback too. */
  loopbackOnly: boolean;
  port: number;
}

/** A page on evil.example that rebinds its name to 127.0.0.1 still sends `Host: evil.example`. */
export function isAllowedHost(host: string | undefined, policy: HostPolicy): boolean {
  const parsed = host === undefined ? null : parseHost(host);
  if (!parsed) return false;
  if (!policy.loopbackOnly) return true;
  return LOOPBACK_NAMES.has(parsed.hostname) && parsed.port === policy.port;
}

/** Browsers always send Origin on upgrades and unsafe methods; other clients may leave it out. */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  const own = host === undefined ? null : parseHost(host);
  if (!own) return false;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    return url.hostname === own.hostname && port === own.port;
  } catch {
    return false;
  }
}
