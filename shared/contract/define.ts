// Runs in every process. The shape of a contract entry; the entries themselves live in one
// file per domain and are gathered in ./index.ts.
import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RestRoute {
  method: HttpMethod;
  /** Path under the server root with `{name}` placeholders, e.g. `/api/v1/connections/{id}`. */
  path: string;
  /** Status of a successful answer (default 200). */
  status?: number;
  /** Largest request accepted, in bytes (default DEFAULT_MAX_BODY_BYTES): only uploads need more. */
  maxBodyBytes?: number;
  /** Answered without credentials (login, signup, health); every other route needs them. */
  public?: boolean;
}

/** Requests larger than this are refused unless their route says otherwise. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface OperationDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  doc: string;
  input: I;
  output: O;
  /** Absent for operations only the app itself uses (none yet). */
  rest?: RestRoute;
}

export interface EventDef<P extends z.ZodType = z.ZodType> {
  doc: string;
  payload: P;
}

export const operation = <I extends z.ZodType, O extends z.ZodType>(
  def: OperationDef<I, O>,
): OperationDef<I, O> => def;

export const event = <P extends z.ZodType>(def: EventDef<P>): EventDef<P> => def;
