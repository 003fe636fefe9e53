// Runs in every process. The wire messages of the app's own WebSocket (`/api/v1/ws`), which
// carries contract calls and events for the browser renderer; Electron IPC carries the same.
import { z } from 'zod';
import type { Envelope } from './errors';

export const WS_PATH = '/api/v1/ws';
/** Electron IPC channel prefix for calls (`bp:call:<method>`) and the one events channel. */
export const IPC_CALL_PREFIX = 'bp:call:';
export const IPC_EVENT_CHANNEL = 'bp:event';

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('call'),
    id: z.number().int(),
    method: z.string().max(100),
    input: z.unknown(),
  }),
  z.object({ type: z.literal('ping') }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export type ServerMessage =
  | { type: 'result'; id: number; result: Envelope<unknown> }
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'pong' };
