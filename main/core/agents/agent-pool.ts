// Runs in the coordinator (app, server or CLI). The load agents of one distributed run behind the
// worker pool's interface: it launches them, hands each its shard, sets the start barrier and
// delivers each interval once every agent still in the run has sent it. It never touches the run's
// rows (the execution does); it records the topology.
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import type { AgentsSpec } from '../../../shared/contract/agents';
import type { Logger } from '../logging/logger';
import type { PoolHandlers, RunPool } from '../benchmark/pool';
import { CancelledError } from '../benchmark/load-pool';
import type { InitMessage, IntervalStats } from '../benchmark/protocol';
import type { LaunchedAgents, LauncherFor } from './launchers/launcher';
import { type AgentListener, listenForAgents } from './listener';
import { shardFigures, type TopologyRepository } from './topology';
import { type FromAgent, fromAgentSchema, parseFrame, type ToAgent } from './wire';

const STOP_GRACE_MS = 3000;
const HEARTBEAT_MS = 2000;
/** Pings an agent may leave unanswered (a busy or paused process) before it counts as lost. */
const MISSED_BEATS = 3;

interface Shard {
  ws: WebSocket | null;
  state: 'launching' | 'connected' | 'ready' | 'running' | 'done' | 'lost';
  /** Last interval index received from this shard. */
  last: number;
  lostFrom: number | null;
  /** Pings sent since the last pong. */
  missed: number;
  final: IntervalStats[] | null;
}

export interface AgentPoolDeps {
  runId: string;
  spec: AgentsSpec;
  launchers: LauncherFor;
  topology: TopologyRepository;
  logger: Logger;
}

export class AgentPool implements RunPool {
  private readonly shards: Shard[];
  private readonly pending = new Map<number, Map<number, IntervalStats[]>>();
  private next = 0;
  private listener: AgentListener | null = null;
  private launched: LaunchedAgents | null = null;
  private inits: InitMessage[] = [];
  private started = false;
  private stopped = false;
  private heartbeat: NodeJS.Timeout | null = null;
  /** Settles init(): every shard ready, or the first reason it cannot be. */
  private initWait: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private onFinals: (() => void) | null = null;

  constructor(
    private readonly deps: AgentPoolDeps,
    private readonly handlers: PoolHandlers,
  ) {
    this.shards = Array.from({ length: deps.spec.count }, () => ({
      ws: null,
      state: 'launching',
      last: -1,
      lostFrom: null,
      missed: 0,
      final: null,
    }));
  }

  get size(): number {
    return this.shards.length;
  }

  async init(inits: InitMessage[]): Promise<void> {
    const { spec, runId } = this.deps;
    this.inits = inits;
    this.deps.topology.begin(
      runId,
      spec,
      inits.map((i) => i.clientIds.length),
    );
    const token = randomBytes(32).toString('base64url');
    const ready = new Promise<void>((resolve, reject) => (this.initWait = { resolve, reject }));
    // It may be settled (an agent failed, a cancel) while the launch is still awaited below.
    ready.catch(() => undefined);
    const timer = setTimeout(
      () => this.failInit(`not every agent was ready within ${spec.connect_timeout_s} s`),
      spec.connect_timeout_s * 1000,
    );
    try {
      this.listener = await listenForAgents({
        host: spec.listen_host,
        port: spec.listen_port,
        runId,
        token,
        count: spec.count,
        ...(spec.coordinator_url ? { advertisedUrl: spec.coordinator_url } : {}),
        open: (shard) => this.shards[shard]?.ws === null && this.shards[shard].state !== 'lost',
        accept: (shard, ws) => this.accept(shard, ws),
      });
      this.launched = await this.deps.launchers(spec.launcher).launch({
        runId,
        count: spec.count,
        url: this.listener.url,
        local: this.listener.local,
        token,
        spec,
        exited: (shard, message) => this.exited(shard, message),
      });
      this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
      await ready;
    } catch (err) {
      if (err instanceof CancelledError) {
        await this.terminate();
        throw err;
      }
      const logs = await this.launched?.failureLogs().catch(() => null);
      await this.terminate();
      const base = err instanceof Error ? err.message : String(err);
      throw new Error(logs && !base.includes(logs) ? `${base}\n${logs}` : base, { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }

  abortInit(): void {
    const w = this.initWait;
    this.initWait = null;
    w?.reject(new CancelledError());
  }

  start(t0: number, intervalMs: number): void {
    this.started = true;
    this.shards.forEach((s, i) => {
      if (s.state !== 'ready') return;
      s.state = 'running';
      this.deps.topology.setState(this.deps.runId, i, 'running');
      this.send(s, { type: 'start', t0, intervalMs });
    });
  }

  async stop(): Promise<IntervalStats[]> {
    if (this.stopped) return [];
    this.stopped = true;
    const live = () => this.shards.filter((s) => s.state === 'running');
    const done = new Promise<void>((resolve) => {
      this.onFinals = () => {
        if (live().every((s) => s.final !== null)) resolve();
      };
      this.onFinals();
    });
    for (const s of live()) this.send(s, { type: 'stop' });
    await Promise.race([done, new Promise((r) => setTimeout(r, STOP_GRACE_MS))]);
    const finals = this.shards.flatMap((s) => s.final ?? []);
    this.shards.forEach((s, i) => {
      if (s.state === 'running') {
        s.state = 'done';
        this.deps.topology.setState(this.deps.runId, i, 'done');
      }
    });
    await this.terminate();
    return finals;
  }

  async terminate(): Promise<void> {
    this.stopped = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const s of this.shards) s.ws?.terminate();
    await this.listener?.close();
    this.listener = null;
    await this.launched?.stop();
  }

  private send(s: Shard, m: ToAgent): void {
    if (s.ws?.readyState === WebSocket.OPEN) s.ws.send(JSON.stringify(m));
  }

  private failInit(message: string): void {
    const w = this.initWait;
    this.initWait = null;
    w?.reject(new Error(message));
  }

  private accept(index: number, ws: WebSocket): boolean {
    const s = this.shards[index];
    if (!s || s.ws !== null || s.state === 'lost' || this.stopped) return false;
    s.ws = ws;
    ws.on('pong', () => (s.missed = 0));
    ws.on('message', (data) => {
      const m = parseFrame(fromAgentSchema, data);
      if (m) this.receive(index, s, m);
      else this.deps.logger.warn(`agent ${index} sent a malformed message`);
    });
    ws.on('close', () => {
      s.ws = null;
      this.gone(index, `agent ${index} disconnected`);
    });
    ws.on('error', () => undefined);
    return true;
  }

  /** A process (or pod) of the launcher ended. */
  private exited(shard: number | null, message: string): void {
    if (shard === null) return this.failInit(message);
    this.gone(shard, message);
  }

  private gone(index: number, message: string): void {
    const s = this.shards[index];
    if (!s || s.state === 'lost' || s.state === 'done') return;
    if (this.stopped && this.started) return;
    if (!this.started) {
      this.deps.topology.setState(this.deps.runId, index, 'lost', message);
      s.state = 'lost';
      return this.failInit(message);
    }
    this.lose(index, message);
  }

  /** Marks a shard lost from the first interval it has not sent; the rest of the run goes without it. */
  private lose(index: number, message: string): void {
    const s = this.shards[index]!;
    s.state = 'lost';
    s.lostFrom = s.last + 1;
    s.ws?.terminate();
    this.deps.topology.lost(this.deps.runId, index, s.lostFrom, message);
    this.deps.logger.warn(`${message}; its shard is lost from interval ${s.lostFrom}`);
    const remaining = this.shards.filter((x) => x.state === 'running').length;
    const fatal = this.deps.spec.on_agent_loss === 'fail' || remaining === 0;
    this.handlers.onError(`${message} (lost from interval ${s.lostFrom})`, fatal);
    this.deliver();
    this.onFinals?.();
  }

  private beat(): void {
    this.shards.forEach((s, i) => {
      if (!s.ws) return;
      if (s.missed >= MISSED_BEATS) {
        this.gone(i, `agent ${i} stopped answering`);
        return;
      }
      s.missed++;
      s.ws.ping();
    });
  }

  private receive(index: number, s: Shard, m: FromAgent): void {
    const { runId, spec, topology } = this.deps;
    switch (m.type) {
      case 'clock':
        this.send(s, { type: 'clock', t1: m.t1, t2: performance.timeOrigin + performance.now() });
        return;
      case 'hello': {
        topology.hello(runId, index, m);
        if (m.errorMs > spec.max_clock_error_ms) {
          const why = `agent ${index}'s clock offset is known only to ±${m.errorMs.toFixed(1)} ms (bound ${spec.max_clock_error_ms} ms)`;
          this.gone(index, why);
          return;
        }
        s.state = 'connected';
        const init = this.inits[index];
        if (init) this.send(s, { type: 'init', init });
        return;
      }
      case 'ready':
        s.state = 'ready';
        topology.setState(runId, index, 'ready');
        if (this.shards.every((x) => x.state === 'ready')) {
          const w = this.initWait;
          this.initWait = null;
          w?.resolve();
        }
        return;
      case 'interval': {
        if (s.state !== 'running') return;
        const idx = m.parts[0]!.index;
        s.last = Math.max(s.last, idx);
        const got = this.pending.get(idx) ?? new Map<number, IntervalStats[]>();
        got.set(index, m.parts);
        this.pending.set(idx, got);
        this.deliver();
        return;
      }
      case 'final':
        s.final = m.parts;
        this.onFinals?.();
        return;
      case 'error':
        if (!this.started) return this.failInit(`agent ${index}: ${m.message}`);
        if (!this.stopped) this.handlers.onError(`agent ${index}: ${m.message}`, m.fatal);
    }
  }

  /** Hands over, in order, every interval all shards still in the run at that index have sent. */
  private deliver(): void {
    for (;;) {
      const got = this.pending.get(this.next);
      if (!got) return;
      const expected = this.shards
        .map((s, i) => ({ s, i }))
        .filter(({ s }) => s.lostFrom === null || s.lostFrom > this.next);
      if (expected.length === 0 || !expected.every(({ i }) => got.has(i))) return;
      this.pending.delete(this.next);
      const parts: IntervalStats[] = [];
      for (const { i } of expected) {
        const mine = got.get(i)!;
        parts.push(...mine);
        this.deps.topology.interval(this.deps.runId, i, this.next, shardFigures(mine));
      }
      this.handlers.onInterval(this.next, parts);
      this.next++;
    }
  }
}
