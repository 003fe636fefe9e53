// Runs in the main process, server and CLI. One way to word validation problems, shared by the
// dispatcher and by services that validate derived input (URLs, files).
import type { z } from 'zod';

const valueAt = (input: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (v, key) =>
      v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined,
    input,
  );

/**
 * One readable sentence per problem, prefixed by the field it concerns where the message lacks it.
 * Given the input that failed, a type problem says whether the field is missing or which rule it
 * broke (zod reports `int()` as a type problem, so its message would otherwise be lost).
 */
export function formatIssues(error: z.ZodError, input?: unknown): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      const generic = issue.message.startsWith('Invalid input');
      if (generic || issue.code === 'invalid_type') {
        if (input === undefined) return `${path || 'input'} is missing or has the wrong type`;
        if (valueAt(input, issue.path) === undefined) return `${path || 'input'} is missing`;
        if (generic) return `${path || 'input'} has the wrong type`;
      }
      const field = issue.path.at(-1);
      const named = field !== undefined && issue.message.startsWith(String(field));
      return path && !named ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
