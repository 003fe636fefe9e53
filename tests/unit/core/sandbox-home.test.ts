// Where the Sandbox PostgreSQL keeps its cluster: inside the data directory, unless root's data
// directory sits where the `postgres` user cannot enter (root's own home, mode 0700).
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { sandboxHome } from '../../../main/core/sandbox/service';

const base = mkdtempSync(join(tmpdir(), 'bp-sandbox-home-'));
chmodSync(base, 0o755);
const open = join(base, 'open', 'benchphant', 'sandbox');
const closed = join(base, 'closed', 'benchphant', 'sandbox');
mkdirSync(join(base, 'open'), { mode: 0o755 });
mkdirSync(join(base, 'closed'), { mode: 0o700 });
afterAll(() => rmSync(base, { recursive: true, force: true }));

it('stays in the data directory when PostgreSQL can reach it, or when not running as root', () => {
  expect(sandboxHome(open, 0)).toBe(open);
  expect(sandboxHome(closed, 1000)).toBe(closed);
});

it("moves root's cluster under /var/lib, one per data directory, when the data directory is closed", () => {
  const home = sandboxHome(closed, 0);
  expect(home).toMatch(/^\/var\/lib\/benchphant\/sandbox\/[0-9a-f]{16}$/);
  expect(sandboxHome(closed, 0)).toBe(home);
  expect(sandboxHome(join(base, 'closed', 'other'), 0)).not.toBe(home);
});
