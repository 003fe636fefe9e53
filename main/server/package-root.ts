// Runs in the headless server and CLI. Finds the directory of Benchphant's package.json from a
// source file or a bundle, so the built renderer is found from a checkout and an install alike.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function isOurPackage(dir: string): boolean {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === 'benchphant';
  } catch {
    return false;
  }
}

export function findPackageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (isOurPackage(dir)) return dir;
    if (dirname(dir) === dir)
      throw new Error(`Cannot find Benchphant's package.json above ${from}`);
  }
}

export function defaultStaticDir(): string {
  return join(findPackageRoot(), 'dist', 'renderer');
}
