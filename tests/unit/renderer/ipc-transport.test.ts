// The IPC transport's heartbeat: a main process that leaves `app.health` unanswered for 3 s reads
// as not responding, its answer as back; nothing runs while nobody listens.
import { afterEach, expect, it, vi } from 'vitest';
import type { BenchphantBridge } from '../../../shared/bridge';
import { createIpcTransport } from '../../../renderer/src/api/ipc-transport';
import type { LinkState } from '../../../renderer/src/api/transport';

afterEach(() => vi.useRealTimers());

it('says the main process is not responding while a heartbeat waits, and clears on its answer', async () => {
  vi.useFakeTimers();
  const answers: (() => void)[] = [];
  const calls: string[] = [];
  const bridge = {
    call: (method: string) => {
      calls.push(method);
      return new Promise((resolve) => answers.push(() => resolve({ ok: true, value: {} })));
    },
    on: () => () => undefined,
  } as unknown as BenchphantBridge;
  const t = createIpcTransport(bridge);
  await vi.advanceTimersByTimeAsync(10_000);
  expect(calls).toEqual([]);

  const seen: LinkState[] = [];
  const off = t.onLinkChange!((link) => seen.push(link));
  await vi.advanceTimersByTimeAsync(1_500);
  expect(calls).toEqual(['app.health']);
  await vi.advanceTimersByTimeAsync(1_500);
  expect(seen).toEqual([]);
  await vi.advanceTimersByTimeAsync(1_500);
  expect(seen).toEqual(['unresponsive']);
  answers.shift()!();
  await vi.advanceTimersByTimeAsync(0);
  expect(seen).toEqual(['unresponsive', 'open']);

  off();
  const before = calls.length;
  await vi.advanceTimersByTimeAsync(10_000);
  expect(calls).toHaveLength(before);
});
