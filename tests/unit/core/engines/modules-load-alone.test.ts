// The engine modules import core code (tenants, tenant operations) that asks the registry for an
// engine, so the import graph has cycles. This loads each of those modules first, on its own, so a
// module that uses an engine while it is still loading (e.g. a top-level `quoter('postgresql')`)
// fails here rather than in whichever entry point happens to load it first.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it, vi } from 'vitest';

const ROOT = join(__dirname, '../../../..');
const FOLDERS = ['main/core/engines', 'main/core/tenants', 'main/core/tenant-ops'];

function* modules(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* modules(path);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) yield path;
  }
}

const files = FOLDERS.flatMap((f) => [...modules(join(ROOT, f))]);

it('finds the modules', () => {
  expect(files.length).toBeGreaterThan(50);
});

it.each(files.map((f) => relative(ROOT, f)))(
  'loads %s first without an engine lookup failing',
  async (file) => {
    vi.resetModules();
    await expect(import(join(ROOT, file))).resolves.toBeDefined();
  },
  30_000,
);
