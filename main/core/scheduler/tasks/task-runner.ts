// Runs in the main process, server and CLI. What each task type implements: it receives a task
// whose params its own schema has checked and returns an outcome; it never writes the store.
import type { ExecutionStatus } from '../../../../shared/contract/scheduler';
import type { TaskRow } from '../repository';

export interface Outcome {
  status: Extract<ExecutionStatus, 'succeeded' | 'failed' | 'regressed' | 'skipped'>;
  /** One line for a person: what happened, with the numbers. */
  summary: string;
  /** What the execution produced (run ids, the comparison, the statement report, backups). */
  output: Record<string, unknown>;
}

export interface TaskRunner {
  /** Throws a readable Error when the task's params cannot run (checked on create and update). */
  validate(params: Record<string, unknown>): void;
  run(task: TaskRow): Promise<Outcome>;
}

export const errorText = (err: unknown): string =>
  err instanceof Error ? err.message : String(err);
