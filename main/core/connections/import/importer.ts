// Runs in the main process, server and CLI. Import in two steps: preview reads a source and says
// what would be created and what is skipped (bad lines, duplicates) without writing anything;
// apply creates the chosen connections through ConnectionService, passwords into the secret store.
import type {
  ImportCandidate,
  ImportPreview,
  ImportSkipped,
  ImportSource,
} from '../../../../shared/contract/connection-transfer';
import { AppError } from '../../../../shared/errors';
import { type Connection, connectionCreateSchema } from '../../../../shared/model/connection';
import type { Logger } from '../../logging/logger';
import { formatIssues } from '../../validation';
import type { ConnectionService } from '../service';
import { addressOf, type ImportEntry, type ParseResult } from './entry';
import { PendingImports, type PendingCandidate } from './pending-imports';
import { parsePgpass, pgpassPasswordFor } from './pgpass';
import { readOptionalSourceFile, readSourceFile } from './read-source';
import { defaultSourcePath, PARSERS, processSourceEnv, type SourceEnv } from './sources';

export interface ImportPreviewRequest {
  source: ImportSource;
  text?: string | undefined;
  path?: string | undefined;
}

/**
 * Whose files a preview may read. `local`: the caller sits at this machine (the desktop app,
 * the CLI), so a path it names or a source's default file is its own. `remote`: the caller is on
 * the other end of the server's socket; the server reads only what it sends.
 */
export type FileReach = 'local' | 'remote';

export interface ImportApplyRequest {
  token: string;
  items?: { key: string; password?: string | undefined }[] | undefined;
}

export interface ImportApplyResult {
  created: Connection[];
  failed: { key: string; name: string; reason: string }[];
}

export interface ConnectionImporterDeps {
  connections: ConnectionService;
  logger: Logger;
  /** Environment and home directory that locate default files (tests pass their own). */
  sourceEnv?: SourceEnv;
  clock?: () => number;
}

/** Duplicates are the same server, database and user, whatever the name or type. */
const duplicateKey = (c: { host: string; port: number; database: string; username: string }) =>
  `${c.host.toLowerCase()}\u0000${c.port}\u0000${c.database}\u0000${c.username}`;

export class ConnectionImporter {
  private readonly pending: PendingImports;
  private readonly sourceEnv: SourceEnv;

  constructor(private readonly deps: ConnectionImporterDeps) {
    this.pending = new PendingImports(deps.clock);
    this.sourceEnv = deps.sourceEnv ?? processSourceEnv();
  }

  async preview(req: ImportPreviewRequest, reach: FileReach): Promise<ImportPreview> {
    const { text, file } = await this.sourceText(req, reach);
    const parsed = PARSERS[req.source](text);
    if (req.source === 'pg_service') {
      if (reach === 'local') await this.passwordsFromPgpass(parsed);
      else if (parsed.entries.some((e) => !e.password))
        parsed.notices.push(
          'Missing passwords were not looked up in a password file: the server reads no files for you. Type them in the preview.',
        );
    }

    const skipped: ImportSkipped[] = parsed.problems.map((p) => ({ ...p }));
    const saved = new Map(this.deps.connections.list().map((c) => [duplicateKey(c), c]));
    const inBatch = new Map<string, string>();
    const pending: PendingCandidate[] = [];
    for (const entry of parsed.entries) {
      const checked = connectionCreateSchema.safeParse(createInput(entry));
      if (!checked.success) {
        skipped.push({ origin: entry.origin, reason: formatIssues(checked.error) });
        continue;
      }
      const create = checked.data;
      const key = duplicateKey(create);
      const address = addressOf(create);
      const twin = saved.get(key);
      if (twin) {
        skipped.push({ origin: entry.origin, address, reason: `already saved as '${twin.name}'` });
        continue;
      }
      const first = inBatch.get(key);
      if (first) {
        skipped.push({ origin: entry.origin, address, reason: `same as ${first} in this import` });
        continue;
      }
      inBatch.set(key, entry.origin);
      const candidate: ImportCandidate = {
        key: `c${pending.length + 1}`,
        origin: entry.origin,
        name: create.name,
        type: create.type,
        host: create.host,
        port: create.port,
        database: create.database,
        username: create.username,
        environment: create.environment,
        description: create.description,
        tags: create.tags,
        ...(create.tls ? { tls: create.tls } : {}),
        has_password: Boolean(create.password),
        needs_password: Boolean(entry.needsPassword) && !create.password,
      };
      pending.push({ candidate, create });
    }
    const token = this.pending.add(pending);
    this.deps.logger.info(
      `import preview (${req.source}${file ? `, ${file}` : ''}): ${pending.length} to create, ${skipped.length} skipped`,
    );
    return {
      token,
      source: req.source,
      file,
      candidates: pending.map((p) => p.candidate),
      skipped,
      notices: parsed.notices,
    };
  }

  async apply(req: ImportApplyRequest): Promise<ImportApplyResult> {
    const pending = this.pending.take(req.token);
    if (!pending) {
      throw new AppError(
        'NOT_FOUND',
        'This import preview has expired or was already applied; preview the source again.',
      );
    }
    const chosen: NonNullable<ImportApplyRequest['items']> =
      req.items ?? [...pending.keys()].map((key) => ({ key }));
    const result: ImportApplyResult = { created: [], failed: [] };
    // Saved meanwhile (another window, another import) counts as a duplicate too.
    const saved = new Map(this.deps.connections.list().map((c) => [duplicateKey(c), c]));
    for (const item of chosen) {
      const found = pending.get(item.key);
      if (!found) {
        result.failed.push({ key: item.key, name: '', reason: 'not a candidate of this preview' });
        continue;
      }
      const { create, candidate } = found;
      const twin = saved.get(duplicateKey(create));
      if (twin) {
        result.failed.push({
          key: item.key,
          name: candidate.name,
          reason: `already saved as '${twin.name}'`,
        });
        continue;
      }
      const password = item.password || create.password;
      try {
        const c = await this.deps.connections.create({
          ...create,
          ...(password ? { password } : { password: undefined }),
        });
        saved.set(duplicateKey(c), c);
        result.created.push(c);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        result.failed.push({ key: item.key, name: candidate.name, reason: err.message });
      }
    }
    this.deps.logger.info(
      `import applied: ${result.created.length} created, ${result.failed.length} failed`,
    );
    return result;
  }

  private async sourceText(
    req: ImportPreviewRequest,
    reach: FileReach,
  ): Promise<{ text: string; file: string | null }> {
    if (req.text !== undefined) return { text: req.text, file: null };
    if (reach === 'remote') {
      throw new AppError(
        'BAD_INPUT',
        req.path
          ? "The server does not read files by path: upload the file's contents instead (text)."
          : `Upload or paste the contents of the ${req.source} file (text): the server reads no files of the machine it runs on for you.`,
      );
    }
    const file = req.path ?? defaultSourcePath(req.source, this.sourceEnv);
    if (!file) {
      throw new AppError(
        'BAD_INPUT',
        `Give the ${req.source} source as pasted text or a file path; it has no default file.`,
      );
    }
    return { text: await readSourceFile(file), file };
  }

  /**
   * The password file and the password it has for this connection, as libpq would pick it; null
   * when there is no file or no matching line. The password is only ever handed to the secret store.
   */
  async pgpassFor(target: {
    host: string;
    port: number;
    database: string;
    username: string;
  }): Promise<{ file: string; password: string } | null> {
    const file = defaultSourcePath('pgpass', this.sourceEnv);
    if (!file) return null;
    const text = await readOptionalSourceFile(file);
    if (text === null) return null;
    const password = pgpassPasswordFor(parsePgpass(text).rules, target);
    return password ? { file, password } : null;
  }

  /** libpq takes a service's missing password from the password file; so does the import. */
  private async passwordsFromPgpass(parsed: ParseResult): Promise<void> {
    const path = defaultSourcePath('pgpass', this.sourceEnv);
    const needing = parsed.entries.filter((e) => !e.password);
    if (!path || needing.length === 0) return;
    const text = await readOptionalSourceFile(path);
    if (text === null) return;
    const { rules } = parsePgpass(text);
    let found = 0;
    for (const entry of needing) {
      const password = pgpassPasswordFor(rules, entry);
      if (password) {
        entry.password = password;
        found++;
      }
    }
    if (found > 0) {
      parsed.notices.push(
        `${found} password${found === 1 ? '' : 's'} taken from ${path}, as libpq would.`,
      );
    }
  }
}

const createInput = (e: ImportEntry) => ({
  name: e.name,
  type: e.type,
  host: e.host,
  port: e.port,
  database: e.database,
  username: e.username,
  password: e.password,
  tls: e.tls,
  environment: e.environment,
  description: e.description,
  tags: e.tags,
});
