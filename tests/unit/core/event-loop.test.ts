// The main process's watch on its own event loop: a loop held for over a second shows in
// app.health (status busy) and in a log warning; an idle loop reads healthy.
import { afterEach, expect, it } from 'vitest';
import { EventLoopWatch } from '../../../main/core/health/event-loop';
import { silentLogger } from '../../../main/core/logging/logger';

const watches: EventLoopWatch[] = [];
afterEach(() => watches.splice(0).forEach((w) => w.close()));

const tick = () => new Promise((resolve) => setTimeout(resolve, 30));

it('reads healthy while idle and busy, with a warning, after the loop is held for 1.2 s', async () => {
  const warnings: string[] = [];
  const watch = new EventLoopWatch({ ...silentLogger, warn: (m) => warnings.push(m) }, 2000);
  watches.push(watch);
  await tick();
  expect(watch.health().status).toBe('healthy');

  // The stimulus: a synchronous loop, as a row generator on the main thread once was.
  const end = performance.now() + 1200;
  while (performance.now() < end);
  await tick();
  const health = watch.health();
  expect(health.status).toBe('busy');
  expect(health.event_loop.max_ms).toBeGreaterThanOrEqual(1000);
  while (warnings.length === 0) await tick();
  expect(warnings[0]).toMatch(/^the main event loop was blocked for up to \d+ ms in the last/);
  expect(watch.health().event_loop.worst_ms).toBeGreaterThanOrEqual(1000);
});
