// Runs in the CLI process. What the connections commands share: finding a saved connection from
// what the user typed, and printing connections and JSON.
import { type Connection, idSchema } from '../../../shared/model/connection';
import { CliFailure, EXIT_FAILED, EXIT_USAGE } from '../exit';
import { type CliIo, writeLine } from '../io';
import type { Session } from '../session';

export const printJson = (io: CliIo, value: unknown) =>
  writeLine(io.stdout, JSON.stringify(value, null, 2));

export const address = (c: Pick<Connection, 'username' | 'host' | 'port' | 'database'>) =>
  `${c.username}@${c.host}:${c.port}/${c.database}`;

/** An id is looked up directly; a name must match exactly one connection. */
export async function resolveConnection(s: Session, ref: string): Promise<Connection> {
  if (idSchema.safeParse(ref).success) return s.call('connections.get', { id: ref });
  const all = await s.call('connections.list');
  const exact = all.filter((c) => c.name === ref);
  const matches = exact.length
    ? exact
    : all.filter((c) => c.name.toLowerCase() === ref.toLowerCase());
  const [only, ...others] = matches;
  if (!only)
    throw new CliFailure(
      `No connection is named '${ref}'; \`benchphant connections list\` shows them all.`,
      EXIT_FAILED,
    );
  if (others.length)
    throw new CliFailure(
      `${matches.length} connections are named '${ref}'; use the id instead.`,
      EXIT_USAGE,
    );
  return only;
}
