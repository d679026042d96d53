import { ipcMain, webContents } from 'electron';
import type { OnboardCore } from '../src/host/onboard.ts';

export const invokeChannel = 'lianxin:invoke';
export const eventChannel = 'lianxin:event';

/** One IPC channel carries every API call; only our own pages may use it. */
export function serveApi(core: OnboardCore): () => void {
  const api = core.api as unknown as Record<string, (input: unknown) => unknown>;
  ipcMain.handle(invokeChannel, async (event, method: unknown, input: unknown) => {
    if (!event.senderFrame?.url.startsWith('app://kiosk/')) throw new Error('API refused: unknown sender');
    if (typeof method !== 'string' || !Object.hasOwn(api, method)) throw new Error(`no API method "${String(method)}"`);
    return api[method]!(input);
  });
  const off = core.live.on((event) => {
    for (const contents of webContents.getAllWebContents()) {
      if (contents.getURL().startsWith('app://kiosk/')) contents.send(eventChannel, event);
    }
  });
  return () => {
    off();
    ipcMain.removeHandler(invokeChannel);
  };
}
