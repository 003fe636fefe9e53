// Runs in the main process, server and CLI. Reads an import source's file, with errors that say
// which file and what to do; the contents are capped like pasted text.
import { readFile, stat } from 'node:fs/promises';
import { IMPORT_MAX_CHARS } from '../../../../shared/contract/connection-transfer';
import { AppError } from '../../../../shared/errors';

export async function readSourceFile(path: string): Promise<string> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new AppError('BAD_INPUT', `${path} is not a file.`);
    if (info.size > IMPORT_MAX_CHARS * 4) {
      throw new AppError(
        'BAD_INPUT',
        `${path} is ${info.size} bytes; an import reads files up to ${IMPORT_MAX_CHARS} characters.`,
      );
    }
    const text = await readFile(path, 'utf8');
    if (text.length > IMPORT_MAX_CHARS) {
      throw new AppError(
        'BAD_INPUT',
        `${path} has ${text.length} characters; an import reads files up to ${IMPORT_MAX_CHARS}.`,
      );
    }
    return text;
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('NOT_FOUND', `There is no file at ${path}.`);
    if (code === 'EACCES' || code === 'EPERM') {
      throw new AppError('BAD_INPUT', `${path} cannot be read: permission denied.`);
    }
    throw new AppError('BAD_INPUT', `${path} cannot be read (${code ?? 'unknown error'}).`);
  }
}

/** The file's text, or null when it does not exist (an optional companion file such as ~/.pgpass). */
export async function readOptionalSourceFile(path: string): Promise<string | null> {
  try {
    return await readSourceFile(path);
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
    throw err;
  }
}
