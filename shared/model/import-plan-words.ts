// Runs in every process. An import's open problems as the API says them: each
// mismatch and the options that resolve it in the request's own terms (the UI rewrites these into
// its controls' words in error-words.ts).
import type { ImportFix, ImportProblem } from '../contract/tenant-ops';

export function fixText(fix: ImportFix): string {
  switch (fix.option) {
    case 'leave_out':
      return `add ${fix.table} to leave_out`;
    case 'drop_routing_column':
      return `set drop_routing_column=${String(fix.value)}`;
    case 'import_schema':
      return 'use import-full';
    case 'create_tenants':
      return 'set options.create_tenants';
  }
}

export function problemsText(problems: readonly ImportProblem[]): string {
  return problems
    .map(
      (p) =>
        `${p.message} ${
          p.fixes.length > 0
            ? `Resolve: ${p.fixes.map(fixText).join(' or ')}.`
            : 'No option of the import resolves this; fix the tenant first.'
        }`,
    )
    .join(' ');
}
