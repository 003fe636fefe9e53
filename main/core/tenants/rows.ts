// Runs in the main process, server and CLI. Result rows made safe for JSON: dates as ISO text,
// binary as hex, 64-bit integers as text.
export function jsonRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = jsonValue(v);
  return out;
}

function jsonValue(v: unknown): unknown {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (Buffer.isBuffer(v)) return `\\x${v.toString('hex')}`;
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(jsonValue);
  return v;
}

/** A driver error's own message, which names the SQL problem (never a password). */
export const errorText = (err: unknown): string =>
  err instanceof Error ? err.message.slice(0, 1000) : String(err).slice(0, 1000);
