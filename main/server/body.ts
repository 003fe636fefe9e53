// Runs in the headless server. Reads a JSON request body with a hard size cap; it must never
// buffer more than the cap, whatever Content-Length claims.
import type { IncomingMessage } from 'node:http';
import { DEFAULT_MAX_BODY_BYTES } from '../../shared/contract';
import { HttpError } from './http-util';

const tooLarge = (limit: number) =>
  new HttpError(413, `Request body is larger than ${limit} bytes`);

/** The body's bytes, refused with 413 beyond `limit`. */
export function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      // Stop keeping bytes but keep the socket: the client still gets its 413, then the connection closes.
      req.off('data', onData);
      req.resume();
      reject(tooLarge(limit));
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** An empty body reads as `{}`: a POST with nothing to say is valid for operations without input. */
export async function readJsonBody(
  req: IncomingMessage,
  limit = DEFAULT_MAX_BODY_BYTES,
): Promise<unknown> {
  const raw = await readRawBody(req, limit);
  const text = raw.toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON');
  }
}
