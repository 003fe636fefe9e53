// Runs in a `benchphant agent` process. Dials the coordinator with the run's token, measures the
// clock offset, runs its shard's clients in its own worker threads and streams every interval back
// on the coordinator's clock. It never writes a store: the coordinator records everything.
import { availableParallelism, hostname } from 'node:os';
import { WebSocket } from 'ws';
import { WorkerPool } from '../benchmark/pool';
import type { InitMessage, IntervalStats } from '../benchmark/protocol';
import type { WorkerScript } from '../benchmark/worker-script';
import type { Logger } from '../logging/logger';
import { type ClockSample, estimateOffset } from './clock';
import {
  type FromAgent,
  MAX_AGENT_MESSAGE_BYTES,
  parseFrame,
  type ToAgent,
  toAgentSchema,
} from './wire';

const CLOCK_SAMPLES = 8;

export interface AgentOptions {
  coordinator: string;
  runId: string;
  shard: { index: number; count: number };
  token: string;
  script: WorkerScript;
  logger: Logger;
  cpuCount?: number;
}

/** The refusal or failure that ended an agent, written for the person who started it. */
export class AgentFailure extends Error {}

const wallNow = () => performance.timeOrigin + performance.now();

/** Splits the shard's clients over this machine's worker threads, keeping their global ids. */
export function localInits(init: InitMessage, cores: number): InitMessage[] {
  const size = init.engine === 'native' ? 1 : Math.max(1, Math.min(cores, init.clientIds.length));
  // Round robin, like the coordinator's split over agents (execution.ts's assignClients).
  return Array.from({ length: size }, (_, workerIndex) => ({
    ...init,
    workerIndex,
    clientIds: init.clientIds.filter((_, k) => k % size === workerIndex),
  }));
}

export class Agent {
  private ws: WebSocket | null = null;
  private pool: WorkerPool | null = null;
  private offsetMs = 0;
  private clockWaiter: ((t2: number) => void) | null = null;
  private finished = false;

  constructor(private readonly o: AgentOptions) {}

  /** Resolves when the coordinator ends the run; rejects when it refuses the agent or goes away. */
  run(): Promise<void> {
    const { o } = this;
    const url = new URL(o.coordinator);
    url.searchParams.set('run', o.runId);
    url.searchParams.set('shard', `${o.shard.index}/${o.shard.count}`);
    return new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(url, {
        headers: { Authorization: `Bearer ${o.token}` },
        maxPayload: MAX_AGENT_MESSAGE_BYTES,
      });
      this.ws = ws;
      const fail = (message: string) => {
        if (this.finished) return;
        this.finished = true;
        void this.pool?.terminate();
        ws.terminate();
        reject(new AgentFailure(message));
      };
      const done = () => {
        if (this.finished) return;
        this.finished = true;
        ws.close();
        resolve();
      };
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => {
          const why = /"error":"([^"]*)"/.exec(body)?.[1] ?? body.trim();
          fail(`the coordinator refused this agent (HTTP ${res.statusCode}): ${why}`);
        });
      });
      ws.on('error', (err) => fail(`cannot reach the coordinator: ${err.message}`));
      ws.on('close', () => fail('the coordinator closed the connection'));
      ws.on('open', () => {
        this.hello().catch((err: unknown) => fail(err instanceof Error ? err.message : 'failed'));
      });
      ws.on('message', (data) => {
        const m = parseFrame(toAgentSchema, data);
        if (!m) return fail('the coordinator sent a malformed message');
        this.receive(m as ToAgent, done).catch((err: unknown) => {
          this.send({ type: 'error', message: errorMessage(err), fatal: true });
          fail(errorMessage(err));
        });
      });
    });
  }

  /** Ends the agent's work at once (a signal): the coordinator sees the socket close. */
  async abort(): Promise<void> {
    this.finished = true;
    await this.pool?.terminate();
    this.ws?.terminate();
  }

  private send(m: FromAgent): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(m));
  }

  private async hello(): Promise<void> {
    const samples: ClockSample[] = [];
    for (let i = 0; i < CLOCK_SAMPLES; i++) {
      const t1 = wallNow();
      const t2 = await new Promise<number>((resolve) => {
        this.clockWaiter = resolve;
        this.send({ type: 'clock', t1 });
      });
      samples.push({ t1, t2, t3: wallNow() });
    }
    const est = estimateOffset(samples);
    this.offsetMs = est.offsetMs;
    this.o.logger.info(
      `clock offset to the coordinator ${est.offsetMs.toFixed(2)} ms ± ${est.errorMs.toFixed(2)} ms`,
    );
    this.send({
      type: 'hello',
      host: hostname(),
      pid: process.pid,
      offsetMs: est.offsetMs,
      errorMs: est.errorMs,
    });
  }

  /** Interval times on the coordinator's clock, so its merged interval k is the same second everywhere. */
  private toCoordinator(parts: IntervalStats[]): IntervalStats[] {
    return parts.map((p) => ({
      ...p,
      startMs: p.startMs + this.offsetMs,
      endMs: p.endMs + this.offsetMs,
    }));
  }

  private async receive(m: ToAgent, done: () => void): Promise<void> {
    switch (m.type) {
      case 'clock':
        this.clockWaiter?.(m.t2);
        this.clockWaiter = null;
        return;
      case 'init': {
        this.pool = new WorkerPool(this.o.script, {
          onInterval: (_index, parts) =>
            this.send({ type: 'interval', parts: this.toCoordinator(parts) }),
          onError: (message, fatal) => this.send({ type: 'error', message, fatal }),
        });
        await this.pool.init(localInits(m.init, this.o.cpuCount ?? availableParallelism()));
        this.send({ type: 'ready' });
        return;
      }
      case 'start':
        this.pool?.start(m.t0 - this.offsetMs, m.intervalMs);
        return;
      case 'stop': {
        const finals = (await this.pool?.stop()) ?? [];
        this.send({ type: 'final', parts: this.toCoordinator(finals) });
        done();
      }
    }
  }
}

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
