// Runs in a benchmark worker thread, started by the pool. Owns its clients' connections, runs
// their loops and posts one stats message per interval; it never writes to the store.
import { parentPort } from 'node:worker_threads';
import { classifyConnectError } from '../connections/classify-error';
import { errorText } from './errors';
import type { FromWorker, InitMessage, StartMessage, ToWorker } from './protocol';
import type { NativeEngineHandle } from '../../native';
import { openNative, toIntervalStats } from './native-runner';
import { onLoad } from './load-worker';
import { IntervalRecorder } from './recorder';
import { ArrivalStream } from './arrivals';
import { runClient, SessionSlot } from './client-loop';
import { stageAt } from './plan';
import { openSession } from './session';
import { compileWorkload } from './workloads';
import type { BenchSession, CompiledWorkload } from './workloads/spec';

const port = parentPort;
if (!port) throw new Error('the benchmark worker must run in a worker thread');

const origin = performance.timeOrigin;
const now = () => origin + performance.now();
const post = (m: FromWorker) => port.postMessage(m);

let init: InitMessage | null = null;
let workload: CompiledWorkload | null = null;
let sessions: BenchSession[] = [];
let recorder: IntervalRecorder | null = null;
let stopping = false;
let interval = { index: 0, startMs: 0 };
let timer: NodeJS.Timeout | null = null;
let clock: StartMessage | null = null;
let native: NativeEngineHandle | null = null;

const connect = () => {
  const i = init!;
  return openSession({
    params: i.params,
    tls: i.tls,
    schema: i.schema,
    protocol: i.workload.protocol,
  });
};

async function onInit(msg: InitMessage): Promise<void> {
  init = msg;
  try {
    workload = compileWorkload(msg.workload).compiled;
  } catch (err) {
    post({ type: 'error', workerIndex: msg.workerIndex, message: errorText(err), fatal: true });
    return;
  }
  if (msg.engine === 'native') {
    try {
      native = openNative(msg, workload.program);
    } catch (err) {
      post({ type: 'error', workerIndex: msg.workerIndex, message: errorText(err), fatal: true });
      return;
    }
    post({ type: 'ready', workerIndex: msg.workerIndex });
    return;
  }
  recorder = new IntervalRecorder(
    workload.txns.map((t) => t.name),
    msg.plan.some((s) => s.ratePerLoop !== null),
    workload.multiStatement,
  );
  try {
    sessions = await Promise.all(msg.clientIds.map(() => connect()));
  } catch (err) {
    const message = classifyConnectError(err, msg.params, 5000).message;
    post({ type: 'error', workerIndex: msg.workerIndex, message, fatal: true });
    return;
  }
  post({ type: 'ready', workerIndex: msg.workerIndex });
}

/** One interval's figures from whichever engine runs the clients. */
function flushStats(index: number, startMs: number, endMs: number) {
  if (!native) return recorder!.flush(index, startMs, endMs);
  const figures = native.flush();
  if (figures.fatal !== null && !stopping) {
    post({ type: 'error', workerIndex: init!.workerIndex, message: figures.fatal, fatal: true });
  }
  const i = init!;
  return toIntervalStats(
    figures,
    i.params.type,
    workload!.txns.map((t) => t.name),
    i.plan.some((s) => s.ratePerLoop !== null),
    index,
    startMs,
    endMs,
  );
}

function scheduleFlush(): void {
  const c = clock!;
  const due = c.t0 + (interval.index + 1) * c.intervalMs;
  timer = setTimeout(
    () => {
      if (stopping) return;
      const stats = flushStats(interval.index, interval.startMs, due);
      post({ type: 'stats', workerIndex: init!.workerIndex, stats, final: false });
      interval = { index: interval.index + 1, startMs: due };
      scheduleFlush();
    },
    Math.max(0, due - now()),
  );
}

function onStart(msg: StartMessage): void {
  const i = init!;
  const w = workload!;
  clock = msg;
  interval = { index: 0, startMs: msg.t0 };
  scheduleFlush();
  if (native) {
    native.start(msg.t0 - now());
    return;
  }
  const depth = i.workload.pipeline;
  // Clients start with the first interval, not when the message arrives, so no work falls before it.
  setTimeout(() => startClients(i, w, depth), Math.max(0, msg.t0 - now()));
}

function startClients(i: InitMessage, w: CompiledWorkload, depth: number): void {
  if (stopping) return;
  // Every loop of this worker (a client, or a pipelined loop of one) by its connection number.
  const loops = i.clientIds.flatMap((id) => Array.from({ length: depth }, () => id));
  const arrivals = new ArrivalStream(w.arrivalRng(i.clientIds[0]! * depth), loops);
  sessions.forEach((session, k) => {
    const slot = new SessionSlot(
      session,
      connect,
      () => recorder!.reconnects++,
      () => stopping,
    );
    // Each pipelined loop is a client of its own (its own variables), sharing this connection.
    for (let j = 0; j < depth; j++) {
      void runClient(
        {
          workload: w,
          ctx: w.newClient(i.clientIds[k]! * depth + j),
          recorder: () => recorder!,
          stopping: () => stopping,
          maxTries: i.workload.maxTries,
          connection: i.clientIds[k]!,
          stage: (t) => stageAt(i.plan, clock!.t0, t),
          arrivals,
          perClass: w.multiStatement,
          now,
        },
        slot,
      );
    }
  });
}

function onStop(): void {
  if (stopping) return;
  stopping = true;
  if (timer) clearTimeout(timer);
  const i = init;
  if (i && (recorder || native) && clock) {
    // The native threads end first, so that the final figures hold everything they measured.
    native?.stop();
    const stats = flushStats(interval.index, interval.startMs, now());
    post({ type: 'stats', workerIndex: i.workerIndex, stats, final: true });
  } else if (i) {
    native?.stop();
    post({
      type: 'error',
      workerIndex: i.workerIndex,
      message: 'stopped before start',
      fatal: false,
    });
  }
}

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'load') void onLoad(msg, post);
  else if (msg.type === 'init') void onInit(msg);
  else if (msg.type === 'start') onStart(msg);
  else onStop();
});
