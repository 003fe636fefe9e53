// Runs in tests. The contract suite over Electron IPC: registerIpc in "main" and createBridge in
// "preload", joined by an in-memory ipcMain/ipcRenderer pair that structured-clones like Electron.
import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../main/electron/app-protocol';
import { registerIpc } from '../../main/electron/ipc';
import { silentLogger } from '../../main/core/logging/logger';
import { createBridge } from '../../preload/bridge';
import type { BenchphantBridge } from '../../shared/bridge';
import { EVENT_NAMES, METHODS, type EventName, type Method } from '../../shared/contract';
import { IPC_CALL_PREFIX, IPC_EVENT_CHANNEL } from '../../shared/transport';
import { createMemoryIpc } from '../support/memory-ipc';
import { createTestCore } from './core-fixture';
import { defineContractSuite } from './suite';

function wire() {
  const test = createTestCore();
  const ipc = createMemoryIpc();
  const unregister = registerIpc(ipc.ipcMain, test.core, isTrustedSender, {
    logger: silentLogger,
    sendEvent: (message) => ipc.webContents.send(IPC_EVENT_CHANNEL, message),
  });
  const bridge = createBridge(ipc.ipcRenderer);
  return { test, ipc, bridge, unregister };
}

// The renderer is untrusted JavaScript: it can pass any string, whatever the bridge's types say.
const untypedCall = (bridge: BenchphantBridge, method: string, input: unknown) =>
  bridge.call(method as Method, input as never);

defineContractSuite('Electron IPC', async () => {
  const { test, bridge, unregister } = wire();
  return {
    call: (method, input) => untypedCall(bridge, method, input),
    onEvent: (cb) => {
      const stops = EVENT_NAMES.map((event: EventName) =>
        bridge.on(event, (payload) => cb({ event, payload })),
      );
      return () => stops.forEach((stop) => stop());
    },
    async close() {
      unregister();
      await test.dispose();
    },
  };
});

describe('Electron IPC specifics', () => {
  it('registers one channel per contract method and nothing else, and removes them all', async () => {
    const { test, ipc, unregister } = wire();
    expect(ipc.ipcMain.channels.sort()).toEqual(METHODS.map((m) => IPC_CALL_PREFIX + m).sort());
    unregister();
    expect(ipc.ipcMain.channels).toEqual([]);
    await test.dispose();
  });

  it('refuses calls from a frame that is not the app page, without running them', async () => {
    const { test, ipc, bridge, unregister } = wire();
    for (const url of ['https://evil.example/', 'file:///tmp/index.html', 'app://elsewhere/']) {
      ipc.senderFrame = { url };
      const reply = await bridge.call('connections.create', {
        type: 'postgresql',
        host: 'h',
        port: 5432,
        database: 'd',
        username: 'u',
        name: 'n',
      });
      expect(reply.ok === false && reply.error).toEqual({
        code: 'UNAUTHORIZED',
        message: 'This frame is not allowed to call Benchphant.',
      });
    }
    ipc.senderFrame = null;
    expect(await bridge.call('connections.list', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
    ipc.senderFrame = { url: 'app://benchphant/connections' };
    expect(await bridge.call('connections.list', {})).toEqual({ ok: true, value: [] });
    unregister();
    await test.dispose();
  });

  it('stops forwarding events once unregistered', async () => {
    const { test, ipc, bridge, unregister } = wire();
    const seen: unknown[] = [];
    bridge.on('connections.changed', (p) => seen.push(p));
    test.core.events.emit('connections.changed', {});
    await expect.poll(() => seen.length).toBe(1);
    unregister();
    test.core.events.emit('connections.changed', {});
    // A later event proves delivery order: had the first been forwarded, it would arrive first.
    ipc.webContents.send(IPC_EVENT_CHANNEL, {
      event: 'connections.changed',
      payload: { marker: true },
    });
    await expect.poll(() => seen.length).toBe(2);
    expect(seen[1]).toEqual({ marker: true });
    await test.dispose();
  });
});
