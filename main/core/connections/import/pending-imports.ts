// Runs in the main process, server and CLI. Previews waiting to be applied, by token. They hold
// the passwords found in the source, so they live in memory only, briefly, and are used once.
import { randomUUID } from 'node:crypto';
import type { ImportCandidate } from '../../../../shared/contract/connection-transfer';
import type { ConnectionCreate } from '../../../../shared/model/connection';

export interface PendingCandidate {
  candidate: ImportCandidate;
  create: ConnectionCreate;
}

interface Pending {
  candidates: Map<string, PendingCandidate>;
  expires: number;
}

const TTL_MS = 30 * 60_000;
const MAX_PENDING = 16;

export class PendingImports {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly clock: () => number = Date.now) {}

  add(candidates: readonly PendingCandidate[]): string {
    this.prune();
    // The oldest preview makes room: a user rarely has more than one open.
    while (this.pending.size >= MAX_PENDING) {
      const oldest = this.pending.keys().next().value;
      if (oldest === undefined) break;
      this.pending.delete(oldest);
    }
    const token = randomUUID();
    this.pending.set(token, {
      candidates: new Map(candidates.map((c) => [c.candidate.key, c])),
      expires: this.clock() + TTL_MS,
    });
    return token;
  }

  /** The preview's candidates, removed so the token works once; null when unknown or expired. */
  take(token: string): Map<string, PendingCandidate> | null {
    this.prune();
    const found = this.pending.get(token);
    this.pending.delete(token);
    return found?.candidates ?? null;
  }

  private prune(): void {
    const now = this.clock();
    for (const [token, p] of this.pending) if (p.expires <= now) this.pending.delete(token);
  }
}
