// Runs in the Electron main process. Wires every contract method to its own IPC channel and
// forwards core events to the window; it must never serve a frame that is not the app's own.
import { METHODS } from '../../shared/contract';
import type { Envelope } from '../../shared/errors';
import { IPC_CALL_PREFIX } from '../../shared/transport';
import type { Core } from '../core/app';
import type { AnyEvent } from '../core/events';
import type { Logger } from '../core/logging/logger';
import { dispatch } from '../rpc/dispatch';

/** The part of a sending frame the trust check reads (Electron's WebFrameMain). */
export interface SenderFrameLike {
  readonly url: string;
}

export interface IpcInvokeEventLike {
  /** Null when the frame navigated away or was destroyed before the call arrived. */
  readonly senderFrame: SenderFrameLike | null;
}

/** The part of Electron's ipcMain this module uses, so tests can pass an in-memory one. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

export interface IpcOptions {
  /** Delivers one event to the app window (webContents.send on IPC_EVENT_CHANNEL). */
  sendEvent: (message: AnyEvent) => void;
  logger: Logger;
}

const UNTRUSTED: Envelope<never> = {
  ok: false,
  error: { code: 'UNAUTHORIZED', message: 'This frame is not allowed to call Benchphant.' },
};

/** Returns the function that removes every handler and stops forwarding events. */
export function registerIpc(
  ipcMain: IpcMainLike,
  core: Pick<Core, 'handlers' | 'events'>,
  isTrustedSender: (frame: SenderFrameLike | null) => boolean,
  opts: IpcOptions,
): () => void {
  for (const method of METHODS) {
    ipcMain.handle(IPC_CALL_PREFIX + method, async (event, input) => {
      if (!isTrustedSender(event.senderFrame)) {
        opts.logger.warn(`refused ${method} from an untrusted frame`);
        return UNTRUSTED;
      }
      return dispatch(core.handlers, method, input, opts.logger);
    });
  }
  const unsubscribe = core.events.subscribe((e) => opts.sendEvent(e));
  return () => {
    unsubscribe();
    for (const method of METHODS) ipcMain.removeHandler(IPC_CALL_PREFIX + method);
  };
}
