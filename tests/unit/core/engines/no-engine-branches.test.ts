// The engine refactor's guard: no engine branch (`type === 'postgresql' ? … : …`) anywhere outside
// the engine modules. Every file has been migrated; a new branch belongs in the engine's module.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(__dirname, '../../../..');
const SCANNED = ['main', 'shared', 'renderer/src'];
/** Where engine-specific code belongs. */
const ENGINE_MODULES = 'main/core/engines/';
/** A comparison of something with an engine's name: the start of a two-way branch. */
const BRANCH =
  /[!=]==?\s*'(postgresql|mysql|mariadb|redis|mongodb)'|'(postgresql|mysql|mariadb|redis|mongodb)'\s*[!=]==?/g;

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'build') yield* sources(path);
    } else if (/\.(ts|tsx)$/.test(entry.name)) yield path;
  }
}

function branchCounts(): Map<string, number> {
  const out = new Map<string, number>();
  for (const top of SCANNED) {
    for (const file of sources(join(ROOT, top))) {
      const rel = relative(ROOT, file).split('\\').join('/');
      if (rel.startsWith(ENGINE_MODULES)) continue;
      const n = readFileSync(file, 'utf8').match(BRANCH)?.length ?? 0;
      if (n > 0) out.set(rel, n);
    }
  }
  return out;
}

it('finds no engine branch outside the engine modules', () => {
  expect(
    [...branchCounts()].map(
      ([file, n]) => `${file}: ${n} engine branch(es); move them into ${ENGINE_MODULES}`,
    ),
  ).toEqual([]);
});

it('recognises a branch when it sees one', () => {
  const sample = "const x = c.type === 'postgresql' ? 1 : 2; if ('mysql' !== t) y();";
  expect(sample.match(BRANCH)?.length).toBe(2);
});
