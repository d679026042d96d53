import { app, dialog } from 'electron';
import { loadConfig } from '../src/config/load.ts';
import { systemClock } from '../src/core/clock.ts';
import { bootOnboard } from '../src/host/boot.ts';
import { preloadPath, rendererDir } from '../src/app-root/app-root.ts';
import { serveApi } from './ipc.ts';
import { registerAppScheme, serveRenderer } from './protocol.ts';
import { denyPermissions } from './security.ts';
import { openWindows } from './windows.ts';

// The Electron shell: one instance, the onboard core in the main process, screens in sandboxed windows.
if (!app.requestSingleInstanceLock()) app.exit(0);
registerAppScheme();

function configPath(): string | undefined {
  const index = process.argv.indexOf('--config');
  return index > 0 ? process.argv[index + 1] : process.env.LIANXIN_CONFIG;
}

async function start(): Promise<void> {
  const config = loadConfig(configPath());
  if (!config.ok) {
    // A broken config never half-starts the kiosk.
    dialog.showErrorBox('红芙连心线: configuration error', config.error.message);
    app.exit(1);
    return;
  }
  const core = await bootOnboard(config.value, systemClock);
  if (!core.ok) {
    dialog.showErrorBox('红芙连心线: cannot start', core.error.message);
    app.exit(1);
    return;
  }
  denyPermissions();
  serveRenderer(rendererDir);
  const api = serveApi(core.value);
  openWindows(preloadPath, api.attach);
  app.on('before-quit', (event) => {
    event.preventDefault();
    api.stop();
    void core.value.stop().finally(() => app.exit(0));
  });
}

app.whenReady().then(start, (error: unknown) => {
  console.error(error);
  app.exit(1);
});
