// Runs in the renderer at start-up. The only place that knows which transport exists: the
// preload's bridge in Electron, else the WebSocket of the server that served this page.
import { WS_PATH } from '../../../shared/transport';
import { createIpcTransport, isBridge } from './ipc-transport';
import type { Transport } from './transport';
import { createWebSocketTransport } from './websocket-transport';

declare global {
  interface Window {
    benchphant?: unknown;
  }
}

export function pickTransport(win: Window): Transport {
  if (isBridge(win.benchphant)) return createIpcTransport(win.benchphant);
  const scheme = win.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWebSocketTransport({ url: `${scheme}//${win.location.host}${WS_PATH}` });
}
