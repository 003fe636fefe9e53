// Runs in the main process, server and CLI. Where the Sandbox PostgreSQL's own password is kept
// when no keychain answers and BENCHPHANT_MASTER_KEY is not set: a file readable by this user
// only, in the sandbox's folder. That is as safe as the password can be there — whoever can read
// the file can read the cluster's data files beside it, so a keychain would add nothing — and it
// lets a first benchmark run on a headless machine. Passwords of other connections never come here.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { readIfExists, replaceAtomically } from '../store/durable-file';
import type { SecretStore } from './secret-store';

const fileSchema = z.record(z.string(), z.string());

export function createSandboxSecretStore(file: string): SecretStore<'sandbox-file'> {
  const read = (): Record<string, string> => {
    const raw = readIfExists(file);
    if (raw === null) return {};
    const parsed = fileSchema.safeParse(safeJson(raw));
    if (!parsed.success)
      throw new AppError(
        'SECRET_STORE_UNAVAILABLE',
        `The Sandbox's password file ${file} is damaged. Delete it: the Sandbox then starts a new cluster and keeps the old one aside.`,
      );
    return parsed.data;
  };
  const write = (secrets: Record<string, string>) => {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    replaceAtomically(file, JSON.stringify(secrets));
  };
  return {
    kind: 'sandbox-file',
    get: (account) => Promise.resolve().then(() => read()[account] ?? null),
    set: (account, secret) => Promise.resolve().then(() => write({ ...read(), [account]: secret })),
    delete: (account) =>
      Promise.resolve().then(() => {
        const { [account]: gone, ...rest } = read();
        if (gone !== undefined) write(rest);
      }),
  };
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}
