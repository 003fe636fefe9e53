// How many worker threads a run gets by default: every core for a server elsewhere, one fewer
// when the server shares this machine (loopback, a tunnel's local end included).
import { expect, it } from 'vitest';
import { defaultPoolSize, isLoopback } from '../../../main/core/benchmark/execution';

it('leaves a core to a server on this machine, and uses every core for a remote one', () => {
  expect(defaultPoolSize(2, true)).toBe(1);
  expect(defaultPoolSize(8, true)).toBe(7);
  expect(defaultPoolSize(1, true)).toBe(1);
  expect(defaultPoolSize(2, false)).toBe(2);
  expect(defaultPoolSize(8, false)).toBe(8);
});

it('knows loopback hosts by name and address', () => {
  for (const host of [
    'localhost',
    'LOCALHOST',
    '127.0.0.1',
    '127.3.2.1',
    '::1',
    '[::1]',
    ' 127.0.0.1 ',
  ])
    expect(isLoopback(host), host).toBe(true);
  for (const host of ['db.example.com', '10.0.0.5', '128.0.0.1', 'localhost.example.com', '::2'])
    expect(isLoopback(host), host).toBe(false);
});
