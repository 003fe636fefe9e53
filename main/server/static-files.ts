// Runs in the headless server and the Electron main process (app:// protocol). Maps a URL path
// to a file of the built renderer; it must never resolve outside the renderer directory.
import { stat } from 'node:fs/promises';
import { extname, isAbsolute, posix, relative, resolve } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

export function contentType(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export const INDEX_FILE = 'index.html';

/**
 * The file under `root` a URL path names, or null when the path is malformed, names a dot
 * segment (hidden file, `..`) or escapes the root. The result is not checked for existence.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  // Checked before normalising: `..` is refused, not clamped, and dotfiles stay private.
  if (decoded.split('/').some((part) => part.startsWith('.'))) return null;
  const normalized = posix.normalize(`/${decoded}`);
  const base = resolve(root);
  const full = resolve(base, `.${normalized}`);
  const rel = relative(base, full);
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  return full === base ? resolve(base, INDEX_FILE) : full;
}

/** Paths that look like a file (or live under /assets/) must exist; anything else is a screen. */
export function isSpaRoute(urlPath: string): boolean {
  if (urlPath.startsWith('/assets/')) return false;
  const last = urlPath.split('/').at(-1) ?? '';
  return !last.includes('.');
}

export type StaticLookup = { kind: 'file'; file: string; size: number } | { kind: 'missing' };

/** Finds the file to send for a GET, falling back to index.html for screens of the single-page app. */
export async function lookupStaticFile(root: string, urlPath: string): Promise<StaticLookup> {
  const direct = resolveStaticPath(root, urlPath);
  // A path refused as malformed or escaping is refused, not answered with the page.
  if (!direct) return { kind: 'missing' };
  const candidates = isSpaRoute(urlPath) ? [direct, resolve(root, INDEX_FILE)] : [direct];
  for (const file of candidates) {
    const info = await stat(file).catch(() => null);
    if (info?.isFile()) return { kind: 'file', file, size: info.size };
  }
  return { kind: 'missing' };
}
