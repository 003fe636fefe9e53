// Test helper. JSON calls to a running headless server's REST API with its bearer token, as a
// script or another client would make them.

export interface RestReply {
  status: number;
  body: Record<string, unknown>;
}

export type RestApi = (method: string, path: string, body?: unknown) => Promise<RestReply>;

/** `origin`: e.g. http://127.0.0.1:PORT; `path` starts with /api/v1. */
export function restApi(origin: string, token: string): RestApi {
  return async (method, path, body) => {
    const res = await fetch(`${origin}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
}
