// Runs in the renderer. How a value of a query result reads in a grid cell.

/** NULL and objects are spelled out, never "[object Object]". */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value);
}
