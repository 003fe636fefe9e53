// Runs in the main process and the headless server (host metrics sampler). One long-lived
// command on the server's host that answers each line it reads with one sample: a sample costs a
// line out and its answer back, not a new SSH channel (opening one costs the client ~5 ms of CPU).
// A channel that dies or stalls is dropped and the next request starts a new one.
import { AppError } from '../../../shared/errors';
import type { ShellChannel } from '../connections/tunnel/shell-channel';

/** Where the sampling loop runs: the connection's SSH session (a test may put a local shell here). */
export interface RemoteShell {
  spawn(command: string): Promise<ShellChannel>;
}

interface Pending {
  text: string;
  resolve: (text: string) => void;
  reject: (err: AppError) => void;
  timer: NodeJS.Timeout;
}

export class SampleChannel {
  private channel: ShellChannel | null = null;
  private opening: Promise<ShellChannel> | null = null;
  private pending: Pending | null = null;
  private closed = false;
  /** Commands started over the reader's life: 1 unless a channel died. */
  opened = 0;
  /** Answers asked for: one per sample. */
  requests = 0;

  constructor(
    private readonly shell: RemoteShell,
    private readonly command: string,
    private readonly host: string,
    /** The line that ends every answer. */
    private readonly end: string,
    private readonly timeoutMs = 10_000,
  ) {}

  /** One answer of the loop; one request at a time (the sampler never overlaps its samples). */
  async request(): Promise<string> {
    if (this.pending) throw new AppError('INTERNAL', 'A host sample is already under way.');
    const channel = await this.open();
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle(
          new AppError(
            'TIMEOUT',
            `The metrics command on ${this.host} did not answer within ${this.timeoutMs / 1000} s; it starts again with the next sample.`,
          ),
        );
        this.drop(channel);
      }, this.timeoutMs);
      this.pending = { text: '', resolve, reject, timer };
      this.requests += 1;
      channel.write('\n');
    });
  }

  /** Ends the command (EOF on its stdin) and fails a request under way; idempotent. */
  close(): void {
    this.closed = true;
    const channel = this.channel;
    this.channel = null;
    this.settle(new AppError('DB_UNREACHABLE', `Sampling ${this.host} stopped.`));
    channel?.close();
  }

  private open(): Promise<ShellChannel> {
    if (this.channel) return Promise.resolve(this.channel);
    this.opening ??= this.shell
      .spawn(this.command)
      .then((channel) => {
        if (this.closed) {
          channel.close();
          throw new AppError('DB_UNREACHABLE', `Sampling ${this.host} stopped.`);
        }
        this.opened += 1;
        this.channel = channel;
        channel.onData((chunk) => this.received(chunk));
        channel.onClose(() => {
          if (this.channel === channel) this.channel = null;
          this.settle(this.endedEarly());
        });
        return channel;
      })
      .finally(() => {
        this.opening = null;
      });
    return this.opening;
  }

  private received(chunk: string): void {
    const p = this.pending;
    if (!p) return;
    p.text += chunk;
    // The loop prints only when asked and the marker ends its answer: nothing can follow it.
    if (p.text.endsWith(this.end)) this.settle(null, p.text);
  }

  private endedEarly(): AppError {
    const said = this.pending?.text ?? '';
    return said === ''
      ? new AppError(
          'DB_UNREACHABLE',
          `The database server's host ${this.host} did not answer the metrics command (no output). Check that the SSH user may run commands (a forced command or a restricted shell prevents it).`,
        )
      : new AppError(
          'DB_UNREACHABLE',
          `The metrics command on ${this.host} stopped before its end; it starts again with the next sample.`,
        );
  }

  private settle(err: AppError | null, text = ''): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    clearTimeout(p.timer);
    if (err) p.reject(err);
    else p.resolve(text);
  }

  private drop(channel: ShellChannel): void {
    if (this.channel === channel) this.channel = null;
    channel.close();
  }
}
