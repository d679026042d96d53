/**
 * A stand-in for the `electron` module, enough for main/: it records every call the kiosk makes as
 * one JSON line in LIANXIN_STAND_IN_LOG, and acts as Chromium would where the test needs a result:
 * each window's page is fetched through the registered app:// handler, with the scripts and styles
 * it names, and the permission handler is asked once for the camera.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

const logFile = process.env.LIANXIN_STAND_IN_LOG;
export const record = (entry) => {
  if (logFile) appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
};

const listeners = new Map();
const emit = (name, ...args) => (listeners.get(name) ?? []).forEach((listener) => listener(...args));

export const app = {
  requestSingleInstanceLock() {
    record({ call: 'app.requestSingleInstanceLock' });
    return true;
  },
  whenReady() {
    record({ call: 'app.whenReady' });
    // Electron's own loop keeps the app alive until app.exit or quit, whatever the core holds.
    setInterval(() => undefined, 1 << 30);
    return new Promise((resolve) => setTimeout(resolve, 0));
  },
  on(name, listener) {
    record({ call: 'app.on', name });
    listeners.set(name, [...(listeners.get(name) ?? []), listener]);
  },
  exit(code = 0) {
    record({ call: 'app.exit', code });
    process.exit(code);
  },
};

// Electron's quit: before-quit listeners may hold it (the kiosk stops the core, then exits itself).
process.once('SIGTERM', () => {

  let held = false;
  emit('before-quit', { preventDefault: () => (held = true) });
  if (!held) app.exit(0);
});

export const dialog = {
  showErrorBox(title, message) {
    record({ call: 'dialog.showErrorBox', title, message });
  },
};

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };

export const net = {
  async fetch(url) {
    try {
      const body = readFileSync(fileURLToPath(url));
      return new Response(body, { status: 200, headers: { 'content-type': types[extname(url)] ?? 'application/octet-stream' } });
    } catch {
      return new Response('not found', { status: 404 });
    }
  },
};

let appHandler = null;
export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    record({ call: 'protocol.registerSchemesAsPrivileged', schemes });
  },
  handle(scheme, handler) {
    record({ call: 'protocol.handle', scheme });
    if (scheme === 'app') appHandler = handler;
  },
};

/** What Chromium would ask the scheme for: the page, then every script and stylesheet it names. */
async function loadPage(url) {
  const get = async (target) => {
    const response = await appHandler(new Request(target));
    const text = await response.text();
    record({ call: 'app-scheme', url: target, status: response.status, type: response.headers.get('content-type'), csp: response.headers.get('content-security-policy'), bytes: text.length });
    return text;
  };
  const html = await get(url);
  for (const [, ref] of html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)) await get(new URL(ref, url).href);
}

export const screen = {
  getPrimaryDisplay: () => ({ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }),
  getAllDisplays: () => [
    { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } },
    { id: 2, bounds: { x: 1920, y: 0, width: 1280, height: 800 } },
  ],
};

const contents = new Map();
let nextId = 1;

export class BrowserWindow {
  constructor(options) {
    record({ call: 'BrowserWindow', options });
    const id = nextId++;
    let url = '';
    this.webContents = { id, getURL: () => url, send: (channel) => record({ call: 'webContents.send', id, channel }), on() {}, setWindowOpenHandler() {} };
    this.loadURL = async (target) => {
      url = target;
      record({ call: 'BrowserWindow.loadURL', id, url: target });
      if (!appHandler) throw new Error('no app:// handler');
      await loadPage(target);
      record({ call: 'page-loaded', id, url: target });
      process.stdout.write(`electron stand-in: page loaded ${target}\n`);
    };
    contents.set(id, this.webContents);
    emit('web-contents-created', {}, this.webContents);
  }

  on(name) {
    record({ call: 'BrowserWindow.on', name });
  }
}

export const webContents = { fromId: (id) => contents.get(id) };

export const ipcMain = {
  handle(channel) {
    record({ call: 'ipcMain.handle', channel });
  },
  removeHandler(channel) {
    record({ call: 'ipcMain.removeHandler', channel });
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler) {
      handler(null, 'media', (allowed) => record({ call: 'session.setPermissionRequestHandler', askedFor: 'media', allowed }));
    },
    setPermissionCheckHandler(handler) {
      record({ call: 'session.setPermissionCheckHandler', allowed: handler(null, 'media') });
    },
  },
};

export default { app, dialog, net, protocol, screen, BrowserWindow, webContents, ipcMain, session };
