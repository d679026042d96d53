import { app, session, type WebContents } from 'electron';

/** Same scheme and host: a screen may move between its own pages, never to another screen's origin. */
function sameOrigin(contents: WebContents, url: string): boolean {
  try {
    const from = new URL(contents.getURL());
    const to = new URL(url);
    return to.protocol === 'app:' && (contents.getURL() === '' || (from.protocol === 'app:' && from.host === to.host));
  } catch {
    return false;
  }
}

/** The kiosk shows our pages only: no navigation away (nor to another screen), no new windows, no permission prompts. */
export function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!sameOrigin(contents, url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!sameOrigin(contents, url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
}

export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; media-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
