import { BrowserWindow, screen } from 'electron';

export interface KioskWindows {
  resident: BrowserWindow;
  driver: BrowserWindow | null;
}

/** Resident screen full-screen kiosk on the first display; driver screen on the second when present. */
export function openWindows(preload: string): KioskWindows {
  const displays = screen.getAllDisplays();
  const primary = screen.getPrimaryDisplay();
  const second = displays.find((d) => d.id !== primary.id) ?? null;
  const webPreferences = {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    webSecurity: true,
    spellcheck: false,
  };
  const resident = new BrowserWindow({
    ...primary.bounds,
    kiosk: true,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences,
  });
  void resident.loadURL('app://kiosk/resident/index.html');
  let driver: BrowserWindow | null = null;
  if (second) {
    driver = new BrowserWindow({ ...second.bounds, fullscreen: true, autoHideMenuBar: true, backgroundColor: '#000000', webPreferences });
    void driver.loadURL('app://kiosk/driver/index.html');
  }
  return { resident, driver };
}
