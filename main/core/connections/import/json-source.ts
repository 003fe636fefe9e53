// Runs in the main process, server and CLI. Shared by the JSON importers: parse the text, or say
// so without quoting it (JSON.parse's message repeats the text, which may hold a password).
import { AppError } from '../../../../shared/errors';

export function parseJsonSource(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError(
      'BAD_INPUT',
      `This is not ${what}: it is not valid JSON. Choose the file the tool exported.`,
    );
  }
}

/** A JSON field that should be text, or a port given as number or text. */
export const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v.trim() || undefined : typeof v === 'number' ? String(v) : undefined;

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
