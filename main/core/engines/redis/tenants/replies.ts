// Runs anywhere. A Redis reply as the rows a result table shows: one row per element of an
// array reply, one row for a single value, none for nil. Text stays text; bytes that are not
// UTF-8 are shown as base64 so nothing is lost or garbled.
export type Row = Record<string, unknown>;

function value(v: unknown): unknown {
  if (Buffer.isBuffer(v)) {
    const text = v.toString('utf8');
    return Buffer.from(text, 'utf8').equals(v) ? text : `base64:${v.toString('base64')}`;
  }
  if (Array.isArray(v)) return v.map(value);
  return v;
}

export function replyRows(reply: unknown): Row[] {
  if (reply === null || reply === undefined) return [];
  if (Array.isArray(reply)) return reply.map((v) => ({ value: value(v) }));
  return [{ value: value(reply) }];
}
