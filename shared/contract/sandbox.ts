// Runs in every process. The built-in Sandbox PostgreSQL and facts about the running app.
import { z } from 'zod';
import { event, operation } from './define';

export const SANDBOX_STATES = ['stopped', 'starting', 'running', 'stopping', 'failed'] as const;

export const sandboxStatusSchema = z.object({
  state: z.enum(SANDBOX_STATES),
  /** The saved connection that points at the sandbox, once it has been started. */
  connection_id: z.uuid().nullable(),
  port: z.number().int().nullable(),
  /** Why it failed, written for the user. */
  message: z.string().nullable(),
});
export type SandboxStatus = z.infer<typeof sandboxStatusSchema>;

/** How the data directory stands when asked. */
export const dataDirStateSchema = z.object({
  writable: z.boolean(),
  /** Room left on its file system for this user, bytes; null where it cannot be read. */
  free_bytes: z.number().nullable(),
});
export type DataDirState = z.infer<typeof dataDirStateSchema>;

export const appInfoSchema = z.object({
  version: z.string(),
  data_dir: z.string(),
  data_dir_state: dataDirStateSchema.optional(),
  secret_store: z.enum(['keychain', 'encrypted-file', 'memory', 'none']),
  /** Shown in the UI where passwords cannot be kept. */
  secret_store_message: z.string().nullable(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

/** The main process's own event-loop delay: high figures mean every call and event waited. */
export const appHealthSchema = z.object({
  /** `busy` when the event loop was held for a second or more in the last window. */
  status: z.enum(['healthy', 'busy']),
  event_loop: z.object({
    /** Over the last window of about 10 s, milliseconds. */
    p50_ms: z.number(),
    p99_ms: z.number(),
    max_ms: z.number(),
    /** The largest delay since the process started, milliseconds. */
    worst_ms: z.number(),
    window_s: z.number(),
  }),
  uptime_s: z.number(),
});
export type AppHealth = z.infer<typeof appHealthSchema>;

const empty = z.object({}).default({});

export const sandboxOperations = {
  /** Is the sandbox running, and where. */
  'sandbox.status': operation({
    doc: 'Status of the Sandbox PostgreSQL.',
    input: empty,
    output: sandboxStatusSchema,
    rest: { method: 'GET', path: '/api/v1/sandbox' },
  }),
  /** Start the sandbox (first start creates its cluster and its saved connection). */
  'sandbox.start': operation({
    doc: 'Start the Sandbox PostgreSQL.',
    input: empty,
    output: sandboxStatusSchema,
    rest: { method: 'POST', path: '/api/v1/sandbox/start' },
  }),
  /** Stop the sandbox; its data stays for the next start. */
  'sandbox.stop': operation({
    doc: 'Stop the Sandbox PostgreSQL.',
    input: empty,
    output: sandboxStatusSchema,
    rest: { method: 'POST', path: '/api/v1/sandbox/stop' },
  }),
  /** Version, data directory and which secret store is in use. */
  'app.info': operation({
    doc: 'Facts about the running app.',
    input: empty,
    output: appInfoSchema,
    rest: { method: 'GET', path: '/api/v1/info' },
  }),
  /** Whether the main process keeps up: its event-loop delay (the public /api/v1/health says only "healthy"). */
  'app.health': operation({
    doc: 'Event-loop delay of the main process.',
    input: empty,
    output: appHealthSchema,
    rest: { method: 'GET', path: '/api/v1/health/event-loop' },
  }),
};

export const sandboxEvents = {
  /** The sandbox changed state. */
  'sandbox.changed': event({ doc: 'The sandbox changed state.', payload: sandboxStatusSchema }),
};
