// Runs in the headless server. The PerfWatch live stream (`/api/v1/ws/metrics?token=…`): each
// host sample as the spec's "metrics" message, and ping → pong. Never buffers without bound.
import { z } from 'zod';
import type { MetricsMessage } from '../../shared/contract/metrics';
import type { EventBus } from '../core/events';
import type { Logger } from '../core/logging/logger';
import { messageText, sendBounded, type SocketHandler } from './websocket';

export const METRICS_WS_PATH = '/api/v1/ws/metrics';
/** The spec's unversioned path; WebSocket clients do not follow redirects, so it is served too. */
export const LEGACY_METRICS_WS_PATH = '/api/ws/metrics';

const clientMessage = z.object({ type: z.literal('ping') });

export interface MetricsSocketSource {
  events: EventBus;
  /** The latest sample, sent at once so a new client need not wait a whole interval. */
  latest(): MetricsMessage | null;
}

export function metricsSocket(source: MetricsSocketSource, logger: Logger): SocketHandler {
  return (ws) => {
    // sendBounded terminates a client whose unread backlog passed the limit; the sampler never waits.
    const send = (message: unknown) => sendBounded(ws, message, logger);
    const latest = source.latest();
    if (latest) send(latest);
    const unsubscribe = source.events.subscribe((e) => {
      if (e.event === 'metrics.sampled') send(e.payload);
    });
    ws.on('close', unsubscribe);
    ws.on('message', (data, isBinary) => {
      let json: unknown;
      try {
        json = isBinary ? null : JSON.parse(messageText(data));
      } catch {
        json = null;
      }
      if (clientMessage.safeParse(json).success) send({ type: 'pong' });
      else ws.close(1008, 'The only client message is {"type": "ping"}');
    });
  };
}
