// Runs in the renderer (pure). A password typed or pasted inside a connection URL is taken out of
// the visible URL at once (so it is never shown in clear) and put back only when the URL is sent.

/** scheme://user:password@rest — the password ends at the last @ before the host. */
const WITH_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^:@/?#]*):(.*)@([^@]*)$/i;

export interface SplitUrl {
  /** The URL as shown: `scheme://user@host/db`. */
  url: string;
  /** The password it carried, decoded; null when it had none. */
  password: string | null;
}

export function splitPassword(typed: string): SplitUrl {
  const m = WITH_PASSWORD.exec(typed);
  if (!m) return { url: typed, password: null };
  const [, head = '', secret = '', rest = ''] = m;
  let password = secret;
  try {
    password = decodeURIComponent(secret);
  } catch {
    // Not percent-encoded: taken as typed, encoded again when it goes back into the URL.
  }
  return { url: `${head}@${rest}`, password };
}

/** The URL to send: the shown one with the password (percent-encoded) back in its place. */
export function withPassword(url: string, password: string): string {
  if (!password) return url;
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*)@(.*)$/i.exec(url.trim());
  if (m) return `${m[1] ?? ''}${m[2] ?? ''}:${encodeURIComponent(password)}@${m[3] ?? ''}`;
  return url;
}
