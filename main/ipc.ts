import { ipcMain, webContents, type BrowserWindow } from 'electron';
import { ScreenRouter } from '../src/api/screen-router.ts';
import type { Screen } from '../src/api/surfaces.ts';
import type { OnboardCore } from '../src/host/onboard.ts';

export const invokeChannel = 'lianxin:invoke';
export const eventChannel = 'lianxin:event';

/**
 * One IPC channel; the router (tested in Node) decides per window which methods it may call and
 * which events it hears. A window not registered here, or showing another origin, gets nothing.
 */
export function serveApi(core: OnboardCore): { attach(window: BrowserWindow, screen: Screen): void; stop(): void } {
  const router = new ScreenRouter(core.api);
  ipcMain.handle(invokeChannel, (event, method: unknown, input: unknown) =>
    router.invoke({ contentsId: event.sender.id, frameUrl: event.senderFrame?.url }, method, input),
  );
  const off = core.live.on((event) => {
    for (const delivery of router.deliveries(event)) {
      const contents = webContents.fromId(delivery.contentsId);
      if (contents && router.screenOf(contents.id, contents.getURL())) contents.send(eventChannel, delivery.event);
    }
  });
  return {
    attach(window, screen) {
      const id = window.webContents.id;
      const forget = router.register(id, screen);
      window.on('closed', forget);
    },
    stop() {
      off();
      ipcMain.removeHandler(invokeChannel);
    },
  };
}
