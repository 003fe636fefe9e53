// Runs in the headless server. Sends the built renderer (dist/renderer) to the browser; it must
// never serve a file outside that directory. Authentication is decided before this is called.
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '../core/logging/logger';
import { sendHtml, sendJsonError } from './http-util';
import { contentType, INDEX_FILE, lookupStaticFile } from './static-files';

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Benchphant</title></head>
<body><h1>Benchphant</h1><p>The user interface has not been built. Run <code>npm run build</code>, then reload.</p>
<p>The REST API under <code>/api/v1</code> works meanwhile.</p></body></html>`;

/** Vite puts a content hash in every asset name, so assets never change; the page always may. */
function cacheControl(file: string, root: string, urlPath: string): string {
  if (file === resolve(root, INDEX_FILE)) return 'no-store';
  return urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  urlPath: string,
  root: string,
  logger: Logger,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    sendJsonError(res, 405, `Method ${req.method ?? ''} is not allowed here; use GET`);
    return;
  }
  const found = await lookupStaticFile(root, urlPath);
  if (found.kind === 'missing') {
    const indexMissing = (await lookupStaticFile(root, '/')).kind === 'missing';
    if (indexMissing) sendHtml(res, 503, NOT_BUILT_PAGE);
    else sendJsonError(res, 404, 'Not found');
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', contentType(found.file));
  res.setHeader('Content-Length', found.size);
  res.setHeader('Cache-Control', cacheControl(found.file, root, urlPath));
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  try {
    await pipeline(createReadStream(found.file), res);
  } catch (err) {
    // The client went away mid-transfer; nothing left to answer.
    logger.debug(`static transfer of ${urlPath.slice(0, 200)} ended early: ${String(err)}`);
  }
}
