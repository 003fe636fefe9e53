// The engine refactor's guard: no engine branch (`type === 'postgresql' ? … : …`) outside the
// engine modules. Files not migrated yet are listed with their count of branches; a count may
// only go down (lower it here when you migrate some), and a file not listed may have none.
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

/** Not migrated yet (another session is changing it): the number of branches each has today. */
const NOT_YET_MIGRATED: Readonly<Record<string, number>> = {
  'renderer/src/features/tenant-ops/ImportWizard.tsx': 1,
};

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

it('finds no engine branch outside the engine modules, beyond the files not migrated yet', () => {
  const found = branchCounts();
  const unexpected = [...found].filter(([file, n]) => n > (NOT_YET_MIGRATED[file] ?? 0));
  expect(
    unexpected.map(
      ([file, n]) => `${file}: ${n} engine branch(es); move them into ${ENGINE_MODULES}`,
    ),
  ).toEqual([]);
});

it('keeps the list of files not yet migrated exact, so it can only shrink', () => {
  const found = branchCounts();
  const stale = Object.entries(NOT_YET_MIGRATED)
    .filter(([file, n]) => (found.get(file) ?? 0) < n)
    .map(
      ([file, n]) => `${file}: listed with ${n}, has ${found.get(file) ?? 0}; lower the count here`,
    );
  expect(stale).toEqual([]);
});

it('recognises a branch when it sees one', () => {
  const sample = "const x = c.type === 'postgresql' ? 1 : 2; if ('mysql' !== t) y();";
  expect(sample.match(BRANCH)?.length).toBe(2);
});
