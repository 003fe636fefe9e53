// Saved benchmark profiles through the contract's handlers over a real store: names are unique
// regardless of case, replacing is explicit, and what comes back is what the engine accepts.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { profileConfigSchema } from '../../shared/contract/profiles';
import { rejectedAppError } from '../support/app-error';
import { makeTestCore, type TestCore } from '../support/test-core';

let core: TestCore;
beforeEach(() => (core = makeTestCore()));
afterEach(() => core.dispose());

const config = profileConfigSchema.parse({
  type: 'oltp_read_write',
  threads: 8,
  duration: 60,
  parameters: { tables: 4, table_size: 100_000 },
});

it('saves, lists by name, refuses a duplicate name unless replacing, and deletes', async () => {
  const h = core.handlers;
  const first = await h['profiles.save']({
    name: 'Nightly RW',
    description: 'd',
    config,
    replace: false,
  });
  await h['profiles.save']({ name: 'adhoc', description: '', config, replace: false });
  expect((await h['profiles.list']({})).map((p) => p.name)).toEqual(['adhoc', 'Nightly RW']);
  expect(first.config).toEqual(config);

  const conflict = await rejectedAppError(
    h['profiles.save']({ name: 'nightly rw', description: '', config, replace: false }),
  );
  expect(conflict.code).toBe('CONFLICT');
  expect(conflict.message).toMatch(/A profile named 'Nightly RW' already exists/);
  const replaced = await h['profiles.save']({
    name: 'nightly rw',
    description: 'now 16 clients',
    config: { ...config, threads: 16 },
    replace: true,
  });
  expect(replaced.id).toBe(first.id);
  expect(replaced.config.threads).toBe(16);
  expect(await h['profiles.list']({})).toHaveLength(2);

  expect(await h['profiles.delete']({ id: first.id })).toEqual({
    message: "Profile 'nightly rw' deleted.",
  });
  expect((await h['profiles.list']({})).map((p) => p.name)).toEqual(['adhoc']);
  const gone = await rejectedAppError(h['profiles.delete']({ id: first.id }));
  expect(gone.code).toBe('NOT_FOUND');
  expect(gone.message).toMatch(/No benchmark profile/);
});
