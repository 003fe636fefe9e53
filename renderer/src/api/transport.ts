// Runs in the renderer (and in unit tests). What every transport offers the client: raw calls
// and raw events. Transports move messages; the client validates what they deliver.

export interface Transport {
  /** Resolves with whatever came back (the client checks it is an envelope); rejects with an ApiError when the link fails. */
  call(method: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  /**
   * The core is at the other end of a network socket (the headless server): it reads none of
   * this machine's files for the page, so the page uploads them. Absent: the core is local (IPC).
   */
  readonly remote?: boolean;
  /** Only transports that can lose their link report it (the WebSocket); IPC cannot. */
  onLinkChange?(listener: (link: LinkState) => void): () => void;
}

/** `unresponsive`: the link is up but the server has not answered a heartbeat for seconds. */
export type LinkState = 'connecting' | 'open' | 'unresponsive' | 'closed';
