// Runs in the headless server. The spec's "100 requests per minute per IP address" on /api/*,
// counted by rate-limiter-flexible in memory; answers carry RateLimit-* headers, a refusal 429
// with Retry-After. It never counts the owner's start-up token (the local page and the CLI).
import type { ServerResponse } from 'node:http';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface RateLimitOptions {
  /** Requests per window and client address. */
  points: number;
  windowSeconds: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { points: 100, windowSeconds: 60 };

export interface ApiRateLimiter {
  /** Counts one request from `ip` and sets the headers; false when it is over the limit. */
  admit(ip: string, res: ServerResponse): Promise<boolean>;
}

function setHeaders(res: ServerResponse, limit: number, state: RateLimiterRes, refused: boolean) {
  const reset = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  res.setHeader('RateLimit-Limit', String(limit));
  res.setHeader('RateLimit-Remaining', String(Math.max(0, state.remainingPoints)));
  res.setHeader('RateLimit-Reset', String(reset));
  if (refused) res.setHeader('Retry-After', String(reset));
}

export function createApiRateLimiter(opts: RateLimitOptions): ApiRateLimiter {
  const limiter = new RateLimiterMemory({
    keyPrefix: 'api',
    points: opts.points,
    duration: opts.windowSeconds,
  });
  return {
    async admit(ip, res) {
      try {
        setHeaders(res, opts.points, await limiter.consume(ip), false);
        return true;
      } catch (err) {
        // consume() rejects with the limiter's state when the address is over its budget.
        if (!(err instanceof RateLimiterRes)) throw err;
        setHeaders(res, opts.points, err, true);
        return false;
      }
    },
  };
}
