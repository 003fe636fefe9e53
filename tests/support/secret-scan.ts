// Test helper. Looks for a secret's bytes, in the encodings a careless program would write it in
// (UTF-8, UTF-16, base64 at every alignment, hex, percent-encoding), in files and in text.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface SecretForm {
  label: string;
  bytes: Buffer;
}

/** The part of base64(prefix + secret) that depends on the secret alone, for prefix lengths 0–2. */
function base64Cores(secret: Buffer, variant: 'base64' | 'base64url'): SecretForm[] {
  return [0, 1, 2].map((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift), secret]).toString(variant);
    const core = encoded.slice(shift === 0 ? 0 : 4, -4);
    return { label: `${variant} (alignment ${shift})`, bytes: Buffer.from(core) };
  });
}

export function secretForms(secret: string): SecretForm[] {
  const raw = Buffer.from(secret, 'utf8');
  return [
    { label: 'utf-8', bytes: raw },
    { label: 'utf-16le', bytes: Buffer.from(secret, 'utf16le') },
    { label: 'hex', bytes: Buffer.from(raw.toString('hex')) },
    { label: 'HEX', bytes: Buffer.from(raw.toString('hex').toUpperCase()) },
    { label: 'percent-encoded', bytes: Buffer.from(encodeURIComponent(secret)) },
    ...base64Cores(raw, 'base64'),
    ...base64Cores(raw, 'base64url'),
  ];
}

export interface SecretHit {
  where: string;
  form: string;
}

export function findSecret(
  where: string,
  haystack: Buffer | string,
  forms: readonly SecretForm[],
): SecretHit[] {
  const bytes = typeof haystack === 'string' ? Buffer.from(haystack, 'utf8') : haystack;
  return forms
    .filter((f) => f.bytes.length > 0 && bytes.includes(f.bytes))
    .map((f) => ({ where, form: f.label }));
}

export function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(path);
    return entry.isFile() ? [path] : [];
  });
}

/** Every regular file under dir, with its size, and where the secret shows up in any of them. */
export function scanDirectory(
  dir: string,
  forms: readonly SecretForm[],
): { files: Map<string, number>; hits: SecretHit[] } {
  const files = new Map<string, number>();
  const hits: SecretHit[] = [];
  for (const file of listFiles(dir)) {
    files.set(file, statSync(file).size);
    hits.push(...findSecret(file, readFileSync(file), forms));
  }
  return { files, hits };
}
