import { BrowserWindow, screen } from 'electron';
import { screenOrigin } from '../src/api/screen-router.ts';
import type { Screen } from '../src/api/surfaces.ts';

export type KioskWindows = Partial<Record<Screen, BrowserWindow>>;

/**
 * Resident screen full-screen kiosk on the first display, driver screen on the second and the desk
 * console on a third when present. Each loads from its own origin (app://<screen>/), which the IPC
 * router checks on every call.
 */
export function openWindows(preload: string, attach: (window: BrowserWindow, screen: Screen) => void): KioskWindows {
  const primary = screen.getPrimaryDisplay();
  const others = screen.getAllDisplays().filter((d) => d.id !== primary.id);
  const webPreferences = {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    webSecurity: true,
    spellcheck: false,
  };
  const open = (name: Screen, bounds: Electron.Rectangle, options: Electron.BrowserWindowConstructorOptions) => {
    const window = new BrowserWindow({ ...bounds, autoHideMenuBar: true, ...options, webPreferences });
    attach(window, name);
    void window.loadURL(`${screenOrigin(name)}/${name}/index.html`);
    return window;
  };
  const windows: KioskWindows = { resident: open('resident', primary.bounds, { kiosk: true, backgroundColor: '#ffffff' }) };
  if (others[0]) windows.driver = open('driver', others[0].bounds, { fullscreen: true, backgroundColor: '#000000' });
  if (others[1]) windows.staff = open('staff', others[1].bounds, { fullscreen: true, backgroundColor: '#ffffff' });
  return windows;
}
