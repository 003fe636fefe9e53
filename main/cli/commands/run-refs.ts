// Runs in the CLI process. A run named on the command line: an exported bundle file or the id of
// a saved run. Files are read and validated here; ids are exported from the store by the core.
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { runBundleSchema, type RunBundle } from '../../../shared/contract/results';
import { formatIssues } from '../../core/validation';
import { CliFailure, EXIT_USAGE } from '../exit';
import type { Session } from '../session';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type RunRef = { ref: string; file: string } | { ref: string; id: string };

const isFile = (path: string) =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

export async function classifyRef(ref: string): Promise<RunRef> {
  if (await isFile(ref)) return { ref, file: resolve(ref) };
  if (UUID.test(ref)) return { ref, id: ref.toLowerCase() };
  throw new CliFailure(
    `'${ref}' is neither a bundle file nor a run id; export a run with \`benchphant export RUN_ID\`.`,
    EXIT_USAGE,
  );
}

export async function readBundle(file: string): Promise<RunBundle> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new CliFailure(`Cannot read ${file}: ${err.code ?? err.message}.`, EXIT_USAGE);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliFailure(`${file} is not JSON; expected a Benchphant run bundle.`, EXIT_USAGE);
  }
  const parsed = runBundleSchema.safeParse(json);
  if (!parsed.success)
    throw new CliFailure(
      `${file} is not a usable run bundle: ${formatIssues(parsed.error, json)}.`,
      EXIT_USAGE,
    );
  return parsed.data;
}

async function savedBundle(session: Session, id: string): Promise<RunBundle> {
  const file = await session.call('results.export', { id, format: 'json' });
  return runBundleSchema.parse(JSON.parse(file.content));
}

/** The bundle of each ref, in order; a session is needed only when a ref is an id. */
export async function loadBundles(
  refs: readonly RunRef[],
  session: Session | null,
): Promise<RunBundle[]> {
  const out: RunBundle[] = [];
  for (const r of refs) {
    if ('file' in r) out.push(await readBundle(r.file));
    else if (!session) throw new Error('a run id needs the core');
    else out.push(await savedBundle(session, r.id));
  }
  return out;
}

export const sameRef = (a: RunRef, b: RunRef): boolean =>
  'file' in a ? 'file' in b && a.file === b.file : 'id' in b && a.id === b.id;
