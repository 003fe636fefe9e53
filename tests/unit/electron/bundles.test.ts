// Runs in tests. Builds the real Electron bundles (scripts/build.mjs) and runs them without an
// Electron binary: the preload in a context that can require only 'electron', and the main
// process against a stand-in 'electron' module, so the wiring of main.ts is exercised for real.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secureWebPreferences } from '../../../main/electron/security';
import type { BenchphantBridge } from '../../../shared/bridge';
import { buildCsp } from '../../../shared/csp';
import { METHODS } from '../../../shared/contract';
import { IPC_CALL_PREFIX, IPC_EVENT_CHANNEL } from '../../../shared/transport';
import { createMemoryIpc } from '../../support/memory-ipc';

const root = join(import.meta.dirname, '..', '..', '..');
let out: string;

beforeAll(() => {
  // Inside the checkout, so the bundles resolve their external packages from node_modules.
  mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
  out = mkdtempSync(join(root, 'node_modules', '.cache', 'benchphant-bundles-'));
  const r = spawnSync(
    process.execPath,
    [join(root, 'scripts', 'build.mjs'), '--node-only', '--outdir', out],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
}, 60_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('preload bundle', () => {
  it('requires nothing but electron and exposes only call and on', async () => {
    const required: string[] = [];
    const exposed = new Map<string, unknown>();
    const ipc = createMemoryIpc();
    ipc.ipcMain.handle(`${IPC_CALL_PREFIX}connections.list`, async () => ({ ok: true, value: [] }));
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: ipc.ipcRenderer,
    };
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (name === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require '${name}'`);
    };
    const module = { exports: {} };
    runInNewContext(readFileSync(join(out, 'preload', 'index.cjs'), 'utf8'), {
      require: sandboxRequire,
      module,
      exports: module.exports,
    });

    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['benchphant']);
    const bridge = exposed.get('benchphant') as BenchphantBridge;
    expect(Object.keys(bridge).sort()).toEqual(['call', 'on']);
    expect(await bridge.call('connections.list', {})).toEqual({ ok: true, value: [] });
    expect(await bridge.call('no.such' as 'connections.list', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
  });
});

type Listener = (...args: unknown[]) => unknown;

/** Just enough of Electron's main-process API for main.ts, recording what it is asked to do. */
function fakeElectron(userData: string) {
  const ipc = createMemoryIpc();
  const appListeners = new Map<string, Listener[]>();
  const calls = {
    privileged: [] as unknown[],
    protocols: new Map<string, (request: Request) => Promise<Response>>(),
    headersHandler: undefined as
      | undefined
      | ((
          details: { responseHeaders?: Record<string, string[]> },
          cb: (r: unknown) => void,
        ) => void),
    permissionHandler: undefined as
      undefined | ((contents: unknown, permission: string, cb: (ok: boolean) => void) => void),
    permissionCheck: undefined as undefined | ((contents: unknown, permission: string) => boolean),
    windows: [] as Array<{ options: { webPreferences: unknown }; url?: string; sent: unknown[][] }>,
    quit: 0,
    errors: [] as string[],
  };
  class BrowserWindow {
    private readonly record: (typeof calls.windows)[number];
    readonly webContents: { send: (...args: unknown[]) => void };
    constructor(options: { webPreferences: unknown }) {
      this.record = { options, sent: [] };
      calls.windows.push(this.record);
      this.webContents = { send: (...args: unknown[]) => this.record.sent.push(args) };
    }
    loadURL(url: string) {
      this.record.url = url;
      return Promise.resolve();
    }
    once() {}
    on() {}
    isDestroyed() {
      return false;
    }
  }
  const electron = {
    app: {
      requestSingleInstanceLock: () => true,
      getPath: (name: string) => (name === 'userData' ? userData : `/nonexistent/${name}`),
      setPath: () => undefined,
      getVersion: () => '9.9.9-bundle-test',
      whenReady: () => Promise.resolve(),
      on: (event: string, listener: Listener) =>
        appListeners.set(event, [...(appListeners.get(event) ?? []), listener]),
      quit: () => calls.quit++,
      exit: (code: number) => calls.errors.push(`exit ${code}`),
    },
    BrowserWindow,
    ipcMain: ipc.ipcMain,
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => calls.privileged.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
        calls.protocols.set(scheme, handler),
    },
    session: {
      defaultSession: {
        webRequest: {
          onHeadersReceived: (handler: typeof calls.headersHandler) =>
            (calls.headersHandler = handler),
        },
        setPermissionRequestHandler: (handler: typeof calls.permissionHandler) =>
          (calls.permissionHandler = handler),
        setPermissionCheckHandler: (handler: typeof calls.permissionCheck) =>
          (calls.permissionCheck = handler),
      },
    },
    shell: { openExternal: () => Promise.resolve() },
    dialog: {
      showErrorBox: (title: string, message: string) => calls.errors.push(`${title}: ${message}`),
    },
  };
  const emit = (event: string, ...args: unknown[]) =>
    (appListeners.get(event) ?? []).forEach((l) => l(...args));
  return { electron, ipc, calls, emit };
}

describe('Electron main bundle', () => {
  it('starts the core, secures the session, opens one hardened window and closes the core on quit', async () => {
    const userData = mkdtempSync(join(out, 'user-data-'));
    mkdirSync(join(out, 'renderer'), { recursive: true });
    writeFileSync(join(out, 'renderer', 'index.html'), '<!doctype html><title>bundle</title>');
    const fake = fakeElectron(userData);
    const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
    const originalLoad = loader._load;
    const previousStore = process.env.BENCHPHANT_SECRET_STORE;
    process.env.BENCHPHANT_SECRET_STORE = 'memory';
    loader._load = function (request, ...rest) {
      return request === 'electron' ? fake.electron : originalLoad.call(this, request, ...rest);
    };
    try {
      const bundle = join(out, 'main', 'electron.cjs');
      createRequire(bundle)(bundle);
      await expect.poll(() => fake.calls.windows.length).toBe(1);
    } finally {
      loader._load = originalLoad;
      if (previousStore === undefined) delete process.env.BENCHPHANT_SECRET_STORE;
      else process.env.BENCHPHANT_SECRET_STORE = previousStore;
    }
    const { calls, ipc, emit } = fake;
    expect(calls.errors).toEqual([]);

    const [window] = calls.windows;
    expect(window!.options.webPreferences).toEqual(
      secureWebPreferences(join(out, 'preload', 'index.cjs')),
    );
    expect(window!.url).toBe('app://benchphant/');
    expect(calls.privileged).toEqual([expect.objectContaining({ scheme: 'app' })]);

    const page = await calls.protocols.get('app')!(new Request('app://benchphant/'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(buildCsp());
    let headers: unknown;
    calls.headersHandler!(
      { responseHeaders: { 'Content-Security-Policy': ['default-src *'] } },
      (r) => (headers = r),
    );
    expect(headers).toEqual({ responseHeaders: { 'Content-Security-Policy': [buildCsp()] } });
    let granted: boolean | undefined;
    calls.permissionHandler!(null, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect(calls.permissionCheck!(null, 'geolocation')).toBe(false);

    expect(ipc.ipcMain.channels.sort()).toEqual(METHODS.map((m) => IPC_CALL_PREFIX + m).sort());
    const created = await ipc.ipcRenderer.invoke(`${IPC_CALL_PREFIX}connections.create`, {
      type: 'postgresql',
      host: '127.0.0.1',
      port: 5432,
      database: 'test',
      username: 'postgres',
      name: 'From the bundle',
    });
    expect(created).toMatchObject({ ok: true, value: { name: 'From the bundle' } });
    await expect.poll(() => window!.sent.length).toBeGreaterThan(0);
    expect(window!.sent[0]).toEqual([
      IPC_EVENT_CHANNEL,
      { event: 'connections.changed', payload: { id: expect.any(String) as string } },
    ]);
    ipc.senderFrame = { url: 'https://evil.example/' };
    expect(await ipc.ipcRenderer.invoke(`${IPC_CALL_PREFIX}connections.list`, {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
    expect(existsSync(join(userData, 'logs', 'benchphant.log'))).toBe(true);

    const guards = new Map<string, Listener>();
    let openHandler: Listener | undefined;
    emit(
      'web-contents-created',
      {},
      {
        on: (e: string, l: Listener) => guards.set(e, l),
        setWindowOpenHandler: (h: Listener) => (openHandler = h),
      },
    );
    let navigationBlocked = false;
    guards.get('will-navigate')!(
      { preventDefault: () => (navigationBlocked = true) },
      'file:///etc/passwd',
    );
    expect(navigationBlocked).toBe(true);
    expect(openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });

    let prevented = false;
    emit('will-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await expect.poll(() => calls.quit).toBe(1);
    expect(ipc.ipcMain.channels).toEqual([]);
    // Starting the whole core (store, migrations, scheduler, samplers) takes seconds on a loaded machine.
  }, 30_000);
});
