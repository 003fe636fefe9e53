// Runs in the main process, server and CLI. Tells people about an execution that failed or
// regressed: the app's desktop notification (a port; headless it does nothing) and a webhook.
import type { Execution, Task } from '../../../shared/contract/scheduler';

export interface Notice {
  title: string;
  body: string;
}

/** The shell's desktop notification; the headless server and the CLI pass none. */
export type DesktopNotifier = (notice: Notice) => void;

export interface WebhookOptions {
  timeoutMs: number;
  tries: number;
  /** Waits between tries (ms), doubled each time. */
  backoffMs: number;
}

export const DEFAULT_WEBHOOK: WebhookOptions = { timeoutMs: 10_000, tries: 3, backoffMs: 1000 };

export function noticeOf(
  task: Pick<Task, 'name'>,
  e: Pick<Execution, 'status' | 'summary'>,
): Notice {
  const what = e.status === 'regressed' ? 'regressed' : e.status;
  return { title: `Benchphant: ${task.name} ${what}`, body: e.summary };
}

/**
 * POSTs a JSON summary with a Slack-compatible `text`. Retries network errors and 5xx answers;
 * resolves with what happened (never throws), and never puts the URL in a message: it is a secret.
 */
export async function postWebhook(
  url: string,
  task: Pick<Task, 'id' | 'name' | 'task_type'>,
  e: Execution,
  opts: WebhookOptions = DEFAULT_WEBHOOK,
): Promise<{ delivered: boolean; attempts: number; error: string | null }> {
  const notice = noticeOf(task, e);
  const body = JSON.stringify({
    text: `${notice.title}: ${notice.body}`,
    task: { id: task.id, name: task.name, type: task.task_type },
    execution: {
      id: e.id,
      status: e.status,
      started_at: e.started_at,
      finished_at: e.finished_at,
      summary: e.summary,
      output: e.output,
    },
  });
  let error: string | null = null;
  for (let attempt = 1; attempt <= opts.tries; attempt += 1) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs),
        redirect: 'error',
      });
      if (res.ok) return { delivered: true, attempts: attempt, error: null };
      error = `the webhook answered ${res.status}`;
      if (res.status < 500) return { delivered: false, attempts: attempt, error };
    } catch (err) {
      error =
        err instanceof Error && err.name === 'TimeoutError'
          ? `the webhook did not answer within ${opts.timeoutMs / 1000} s`
          : 'the webhook could not be reached';
    }
    if (attempt < opts.tries)
      await new Promise((r) => setTimeout(r, opts.backoffMs * 2 ** (attempt - 1)));
  }
  return { delivered: false, attempts: opts.tries, error };
}
