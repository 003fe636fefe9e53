import { describe, expect, it } from 'vitest';
import { createBridge } from '../../../preload/bridge';
import type { EventName, Method } from '../../../shared/contract';
import { IPC_CALL_PREFIX, IPC_EVENT_CHANNEL } from '../../../shared/transport';
import { createMemoryIpc } from '../../support/memory-ipc';

describe('createBridge', () => {
  it('exposes call and on only', () => {
    const bridge = createBridge(createMemoryIpc().ipcRenderer);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'on']);
  });

  it('invokes the method channel with the input and returns the envelope', async () => {
    const ipc = createMemoryIpc();
    const seen: unknown[] = [];
    ipc.ipcMain.handle(`${IPC_CALL_PREFIX}connections.get`, async (_event, input) => {
      seen.push(input);
      return { ok: true, value: { echoed: input } };
    });
    const reply = await createBridge(ipc.ipcRenderer).call('connections.get', { id: 'abc' });
    expect(reply).toEqual({ ok: true, value: { echoed: { id: 'abc' } } });
    expect(seen).toEqual([{ id: 'abc' }]);
  });

  it('refuses names outside the contract without touching IPC', async () => {
    const ipc = createMemoryIpc();
    let invoked = false;
    ipc.ipcMain.handle(`${IPC_CALL_PREFIX}__proto__`, async () => (invoked = true));
    const bridge = createBridge(ipc.ipcRenderer);
    for (const name of ['__proto__', 'toString', 'bp:event', 'connections.drop', 42]) {
      const reply = await bridge.call(name as Method, {});
      expect(reply.ok === false && reply.error.code, String(name)).toBe('UNKNOWN_METHOD');
    }
    expect(invoked).toBe(false);
    expect(() => bridge.on('connections.dropped' as EventName, () => undefined)).toThrow(
      /Unknown event/,
    );
    expect(() => bridge.on('hasOwnProperty' as EventName, () => undefined)).toThrow(
      /Unknown event/,
    );
  });

  it('delivers each event to its own listeners, and detaches from IPC when none are left', async () => {
    const ipc = createMemoryIpc();
    const bridge = createBridge(ipc.ipcRenderer);
    const changed: unknown[] = [];
    const sandbox: unknown[] = [];
    const stopChanged = bridge.on('connections.changed', (p) => changed.push(p));
    const stopSandbox = bridge.on('sandbox.changed', (p) => sandbox.push(p));
    expect(ipc.ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(1);

    ipc.webContents.send(IPC_EVENT_CHANNEL, { event: 'connections.changed', payload: { id: 'x' } });
    ipc.webContents.send(IPC_EVENT_CHANNEL, { event: 'not.an.event', payload: 1 });
    ipc.webContents.send(IPC_EVENT_CHANNEL, 'garbage');
    await expect.poll(() => changed).toEqual([{ id: 'x' }]);
    expect(sandbox).toEqual([]);

    stopChanged();
    stopChanged();
    expect(ipc.ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(1);
    stopSandbox();
    expect(ipc.ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
  });
});
