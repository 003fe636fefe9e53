// Runs in the renderer (pure). The saved-connection list as shown: filtered by what is typed in
// the search box, then grouped by environment or by tag (a connection with two tags shows in both).
import { ENVIRONMENTS, type Connection } from '../../../../shared/model/connection';
import { ENVIRONMENT_LABELS } from './labels';

export const GROUPINGS = ['environment', 'tag', 'none'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export const GROUPING_LABELS: Record<Grouping, string> = {
  environment: 'Environment',
  tag: 'Tag',
  none: 'Nothing (one list)',
};

export interface ConnectionGroup {
  key: string;
  /** Null: the one ungrouped list. */
  title: string | null;
  items: Connection[];
}

/** Every word typed must appear in the name, address, database, user, description or a tag. */
export function matches(c: Connection, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = [
    c.name,
    c.host,
    `${c.host}:${c.port}`,
    c.database,
    c.username,
    c.description,
    ...c.tags,
  ]
    .join(' ')
    .toLowerCase();
  return words.every((w) => text.includes(w));
}

export function groupConnections(
  items: Connection[],
  query: string,
  by: Grouping,
): ConnectionGroup[] {
  const shown = items.filter((c) => matches(c, query));
  if (by === 'none') return shown.length ? [{ key: 'all', title: null, items: shown }] : [];
  if (by === 'environment') {
    return ENVIRONMENTS.map((env) => ({
      key: env,
      title: ENVIRONMENT_LABELS[env],
      items: shown.filter((c) => c.environment === env),
    })).filter((g) => g.items.length > 0);
  }
  const tags = [...new Set(shown.flatMap((c) => c.tags))].sort((a, b) => a.localeCompare(b));
  const groups = tags.map((tag) => ({
    key: `tag:${tag}`,
    title: tag,
    items: shown.filter((c) => c.tags.includes(tag)),
  }));
  const untagged = shown.filter((c) => c.tags.length === 0);
  if (untagged.length) groups.push({ key: 'untagged', title: 'No tag', items: untagged });
  return groups;
}
