// Runs in the main process, server and CLI. One way to word validation problems, shared by the
// dispatcher and by services that validate derived input (URLs, files).
import type { z } from 'zod';

/** One readable sentence per problem, prefixed by the field it concerns where the message lacks it. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      if (issue.message.startsWith('Invalid input') || issue.code === 'invalid_type') {
        return `${path || 'input'} is missing or has the wrong type`;
      }
      const field = issue.path.at(-1);
      const named = field !== undefined && issue.message.startsWith(String(field));
      return path && !named ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
