// Runs in the renderer. Whether the link to the core is up and answering, for the "reconnecting"
// and "not responding" banners; only the WebSocket transport ever reports a change.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '../api/client';

export interface LinkState {
  /** False until the first time the link is lost; IPC never loses it. */
  lost: boolean;
  /** The link has been up at least once. */
  everOpen: boolean;
  /** The link is up but the server has not answered for seconds (busy or frozen). */
  unresponsive: boolean;
}

export type LinkStore = StoreApi<LinkState> & { dispose(): void };

export function createLinkStore(client: ApiClient): LinkStore {
  const store = createStore<LinkState>()(() => ({
    lost: false,
    everOpen: false,
    unresponsive: false,
  }));
  const unsubscribe = client.onLinkChange((link) => {
    if (link === 'open') store.setState({ lost: false, everOpen: true, unresponsive: false });
    else if (link === 'unresponsive') store.setState({ unresponsive: true });
    else if (store.getState().everOpen) store.setState({ lost: true, unresponsive: false });
  });
  return Object.assign(store, { dispose: unsubscribe });
}
