// Runs in the main process, server and CLI. Slows password guessing: failed logins are counted
// per account and client address and per address alone, each failure waits longer, and a run of
// them locks that pair out for a while. Counters live in memory only.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../../../shared/errors';

export interface LoginLimits {
  /** Failures per account and address before a lockout (default 5 in 15 minutes). */
  perAccount: number;
  /** Failures per address across all accounts before a lockout (default 50 in an hour). */
  perAddress: number;
  /** The first failure's delay in ms; each further one doubles it, up to 5 s. */
  baseDelayMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAccount: 5,
  perAddress: 50,
  baseDelayMs: 100,
};

const MAX_DELAY_MS = 5_000;
const wait = (ms: number) => new Promise((done) => setTimeout(done, ms));

export class LoginLimiter {
  private readonly byAccount: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;

  constructor(private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS) {
    this.byAccount = new RateLimiterMemory({
      keyPrefix: 'login-account',
      points: limits.perAccount,
      duration: 15 * 60,
      blockDuration: 15 * 60,
    });
    this.byAddress = new RateLimiterMemory({
      keyPrefix: 'login-address',
      points: limits.perAddress,
      duration: 60 * 60,
      blockDuration: 60 * 60,
    });
  }

  private static keys(username: string, ip: string | undefined) {
    const address = ip ?? 'local';
    return { account: `${username.toLowerCase()}|${address}`, address };
  }

  /** Refuses, with the seconds to wait, while this account and address are locked out. */
  async check(username: string, ip: string | undefined): Promise<void> {
    const keys = LoginLimiter.keys(username, ip);
    const states = await Promise.all([
      this.byAccount.get(keys.account),
      this.byAddress.get(keys.address),
    ]);
    const limits = [this.limits.perAccount, this.limits.perAddress];
    let waitMs = 0;
    states.forEach((state, i) => {
      if (state && state.consumedPoints >= (limits[i] ?? 0))
        waitMs = Math.max(waitMs, state.msBeforeNext);
    });
    if (waitMs > 0) throw tooMany(waitMs);
  }

  /** Counts a failure and waits the growing delay before the caller answers. */
  async failed(username: string, ip: string | undefined): Promise<void> {
    const keys = LoginLimiter.keys(username, ip);
    const consumed = await Promise.all([
      this.byAccount.consume(keys.account).catch((res: unknown) => res),
      this.byAddress.consume(keys.address).catch((res: unknown) => res),
    ]);
    const count = Math.max(
      ...consumed.map((r) => (r instanceof RateLimiterRes ? r.consumedPoints : 1)),
    );
    await wait(Math.min(this.limits.baseDelayMs * 2 ** (count - 1), MAX_DELAY_MS));
  }

  /** A correct password clears this account's count at this address. */
  async succeeded(username: string, ip: string | undefined): Promise<void> {
    await this.byAccount.delete(LoginLimiter.keys(username, ip).account);
  }
}

function tooMany(ms: number): AppError {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return new AppError(
    'RATE_LIMITED',
    `Too many failed logins; try again in ${seconds} seconds.`,
    seconds,
  );
}
