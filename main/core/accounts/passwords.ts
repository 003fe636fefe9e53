// Runs in the main process, server and CLI. Account passwords as Argon2id hashes; a password
// itself is never stored, logged or returned.
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../../../shared/errors';

// Algorithm.Argon2id: the package's const enum cannot be imported under isolatedModules.
const ARGON2ID = 2;

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 1024;

/** A password the user chose: long enough to matter, short enough not to make hashing a weapon. */
export function checkNewPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new AppError(
      'BAD_INPUT',
      `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`,
    );
  if (password.length > MAX_PASSWORD_LENGTH)
    throw new AppError(
      'BAD_INPUT',
      `The password must have at most ${MAX_PASSWORD_LENGTH} characters.`,
    );
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

/** False for a wrong password and for a hash that cannot be read; never throws for either. */
export async function passwordMatches(stored: string, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

// Verifying against this when no account has the name costs as much as a real check, so the
// answer time does not tell which usernames exist.
let decoy: Promise<string> | undefined;
export async function spendVerifyTime(password: string): Promise<void> {
  decoy ??= hashPassword('benchphant-decoy-password');
  await passwordMatches(await decoy, password.slice(0, MAX_PASSWORD_LENGTH));
}
