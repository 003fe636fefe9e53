// Runs in the preload of the app window (sandboxed: it may require only 'electron'). Exposes the
// contract bridge as window.benchphant; it must never expose ipcRenderer or a generic invoke.
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY } from '../shared/bridge';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge(ipcRenderer));
