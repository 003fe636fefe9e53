// Runs in every process. Which of an import analysis's predicted failures the chosen options leave
// open: the core refuses to start while any is open, and the wizard keeps Start disabled with the
// same answer, so the two can never disagree.
import type { ImportFix, ImportProblem } from '../contract/tenant-ops';

export interface ImportChoice {
  shared_tables: 'copy' | 'skip';
  leave_out: readonly string[];
  drop_routing_column: boolean;
  create_tenants: boolean;
  /** import-full: the source's schema becomes the blueprint's next version before the copy. */
  import_schema: boolean;
}

/** Whether the choice takes this fix. */
export function chosen(
  fix: ImportFix,
  choice: ImportChoice,
  tablesWithoutRouting: readonly string[],
): boolean {
  switch (fix.option) {
    case 'leave_out':
      return (
        choice.leave_out.includes(fix.table) ||
        (choice.shared_tables === 'skip' && tablesWithoutRouting.includes(fix.table))
      );
    case 'drop_routing_column':
      return choice.drop_routing_column === fix.value;
    case 'import_schema':
      return choice.import_schema;
    case 'create_tenants':
      return choice.create_tenants;
  }
}

/** The problems none of whose fixes the choice takes. */
export function openProblems(
  analysis: { problems: readonly ImportProblem[]; tables_without_routing: readonly string[] },
  choice: ImportChoice,
): ImportProblem[] {
  return analysis.problems.filter(
    (p) => !p.fixes.some((f) => chosen(f, choice, analysis.tables_without_routing)),
  );
}
