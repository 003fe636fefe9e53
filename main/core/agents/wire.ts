// Runs in the coordinator and in agent processes. The messages between a coordinator and its load
// agents over the WebSocket, with the zod schemas each side checks what it receives against.
import { z } from 'zod';
import { ERROR_CLASSES } from '../../../shared/contract/benchmarks';
import { sqlTypeSchema } from '../../../shared/model/connection';
import type { InitMessage, IntervalStats } from '../benchmark/protocol';

/** The path agents dial on the coordinator's listener. */
export const AGENT_PATH = '/agents';
/** Largest message either side accepts: an interval of many workers' histograms fits easily. */
export const MAX_AGENT_MESSAGE_BYTES = 32 * 1024 * 1024;

const series = z.object({ sumUs: z.number(), maxUs: z.number(), hist: z.string() });
const txn = series.extend({ name: z.string(), count: z.number() });
const counts = z.record(z.enum(ERROR_CLASSES), z.number());

export const intervalStatsSchema: z.ZodType<IntervalStats> = z.object({
  index: z.number().int().min(0),
  startMs: z.number(),
  endMs: z.number(),
  txns: z.number(),
  queries: z.number(),
  failed: z.number(),
  retries: z.number(),
  reconnects: z.number(),
  errors: counts,
  firstErrors: z.partialRecord(z.enum(ERROR_CLASSES), z.string()),
  sumUs: z.number(),
  maxUs: z.number(),
  hist: z.string(),
  service: series.nullable(),
  lag: series.nullable(),
  byTxn: z.array(txn),
  byClass: z.array(txn),
  overheadUs: z.number().optional(),
  overheadCount: z.number().optional(),
});

/** Agent → coordinator. Interval times are already on the coordinator's clock. */
export const fromAgentSchema = z.discriminatedUnion('type', [
  /** One clock exchange: `t1` is the agent's send time, echoed back with the coordinator's time. */
  z.object({ type: z.literal('clock'), t1: z.number() }),
  z.object({
    type: z.literal('hello'),
    host: z.string().max(255),
    pid: z.number().int(),
    offsetMs: z.number(),
    errorMs: z.number(),
  }),
  z.object({ type: z.literal('ready') }),
  /** One interval: the figures of each of the agent's own workers (merged by the coordinator). */
  z.object({ type: z.literal('interval'), parts: z.array(intervalStatsSchema).min(1) }),
  z.object({ type: z.literal('final'), parts: z.array(intervalStatsSchema) }),
  z.object({ type: z.literal('error'), message: z.string().max(2000), fatal: z.boolean() }),
]);
export type FromAgent = z.infer<typeof fromAgentSchema>;

/** Coordinator → agent. */
export type ToAgent =
  | { type: 'clock'; t1: number; t2: number }
  /** The shard's share of the run: its clients (global ids, so seeds and rates follow them). */
  | { type: 'init'; init: InitMessage }
  /** `t0` on the coordinator's clock; the agent converts it with its measured offset. */
  | { type: 'start'; t0: number; intervalMs: number }
  | { type: 'stop' };

const initSchema = z.looseObject({
  type: z.literal('init'),
  workerIndex: z.number().int(),
  params: z.looseObject({ type: sqlTypeSchema, host: z.string() }),
  tls: z.boolean(),
  schema: z.string(),
  clientIds: z.array(z.number().int().min(0)),
  workload: z.looseObject({ type: z.string() }),
  plan: z.array(
    z.object({ startMs: z.number(), threads: z.number(), ratePerLoop: z.number().nullable() }),
  ),
  engine: z.enum(['native', 'node']),
  nativeThreads: z.number().int().min(1),
});

export const toAgentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('clock'), t1: z.number(), t2: z.number() }),
  z.object({ type: z.literal('init'), init: initSchema }),
  z.object({ type: z.literal('start'), t0: z.number(), intervalMs: z.number().int().min(1) }),
  z.object({ type: z.literal('stop') }),
]);

/** Parses one text frame; null when it is not JSON or not a message of the schema. */
export function parseFrame<T>(schema: z.ZodType<T>, data: unknown): T | null {
  if (typeof data !== 'string' && !Buffer.isBuffer(data)) return null;
  let json: unknown;
  try {
    json = JSON.parse(data.toString());
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** `i/N` as given on the command line: 0 ≤ i < N. */
export function parseShard(text: string): { index: number; count: number } | null {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return null;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return count >= 1 && index < count ? { index, count } : null;
}
