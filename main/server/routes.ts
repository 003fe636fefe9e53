// Runs in the headless server. Turns the contract's REST declarations into a route table and
// matches request paths against it; it knows nothing about handlers or responses.
import {
  DEFAULT_MAX_BODY_BYTES,
  type HttpMethod,
  type Method,
  METHODS,
  operations,
  type RestRoute,
} from '../../shared/contract';

type Segment = { literal: string } | { param: string };

export interface CompiledRoute {
  method: Method;
  http: HttpMethod;
  status: number;
  maxBodyBytes: number;
  /** Answered without credentials. */
  public: boolean;
  segments: Segment[];
}

export type RouteMatch =
  | { kind: 'found'; route: CompiledRoute; params: Record<string, string> }
  | { kind: 'wrong-method'; allowed: HttpMethod[] }
  | { kind: 'none' };

function splitPath(path: string): string[] {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.split('/').slice(1);
}

function compile(method: Method, rest: RestRoute): CompiledRoute {
  const { method: http, path } = rest;
  const segments = splitPath(path).map((part): Segment => {
    const param = /^\{(\w+)\}$/.exec(part)?.[1];
    return param === undefined ? { literal: part } : { param };
  });
  return {
    method,
    http,
    status: rest.status ?? 200,
    maxBodyBytes: rest.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    public: rest.public === true,
    segments,
  };
}

const paramCount = (r: CompiledRoute) => r.segments.filter((s) => 'param' in s).length;

/** Literal segments win over placeholders: `/connections/test` is not `/connections/{id}`. */
export function compileRoutes(methods: readonly Method[] = METHODS): CompiledRoute[] {
  const routes: CompiledRoute[] = [];
  for (const method of methods) {
    const rest = operations[method].rest;
    if (rest) routes.push(compile(method, rest));
  }
  return routes.sort((a, b) => paramCount(a) - paramCount(b));
}

function matchSegments(route: CompiledRoute, parts: string[]): Record<string, string> | null {
  if (route.segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (const [i, segment] of route.segments.entries()) {
    const part = parts[i] ?? '';
    if ('literal' in segment) {
      if (segment.literal !== part) return null;
      continue;
    }
    if (part === '') return null;
    try {
      params[segment.param] = decodeURIComponent(part);
    } catch {
      return null;
    }
  }
  return params;
}

/** A trailing slash is ignored, as the spec's own examples (`/api/v1/connections/`) use one. */
export function matchRoute(
  routes: readonly CompiledRoute[],
  http: string,
  pathname: string,
): RouteMatch {
  const parts = splitPath(pathname);
  const allowed: HttpMethod[] = [];
  for (const route of routes) {
    const params = matchSegments(route, parts);
    if (params === null) continue;
    if (route.http === http) return { kind: 'found', route, params };
    allowed.push(route.http);
  }
  return allowed.length > 0 ? { kind: 'wrong-method', allowed } : { kind: 'none' };
}
