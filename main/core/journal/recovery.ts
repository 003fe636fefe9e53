// Runs in the main process, server and CLI, once per start (from createCore). Recovers every
// operation a crash cut short, then sweeps the debris no open intent owns (partial dumps, scratch
// databases, temp files). Never throws: what fails is logged and tried again at the next start.
import type { Logger } from '../logging/logger';
import type { Journal } from './journal';

/**
 * Removes one kind of debris; returns what it removed (names, for the log). Sweepers that reach
 * database servers run only after a crash (unfinished intents at start): without one there is no
 * debris there, and every start (each CLI command) would otherwise connect to every server.
 */
export type Sweeper = {
  name: string;
  sweep: () => Promise<string[]>;
  onlyAfterCrash?: boolean;
};

export interface RecoveryReport {
  recovered: number;
  failed: number;
  swept: string[];
}

export async function runRecovery(
  journal: Journal,
  sweepers: readonly Sweeper[],
  logger: Logger,
): Promise<RecoveryReport> {
  const crashed = journal.open().length > 0;
  const { recovered, failed } = await journal.recoverAll().catch((err: unknown) => {
    logger.error('the recovery pass failed', err);
    return { recovered: 0, failed: 1 };
  });
  const swept: string[] = [];
  for (const s of sweepers) {
    if (s.onlyAfterCrash && !crashed) continue;
    try {
      const removed = await s.sweep();
      if (removed.length > 0) logger.info(`removed ${s.name} a crash left: ${removed.join(', ')}`);
      swept.push(...removed);
    } catch (err) {
      logger.warn(`sweeping ${s.name} failed (tried again at the next start): ${String(err)}`);
    }
  }
  return { recovered, failed, swept };
}
