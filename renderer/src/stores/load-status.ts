// Runs in the renderer. The life of a store's first and later loads, shared by every store.

/** idle: never asked; loading: first answer pending; ready/error: the last load's outcome. */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';
