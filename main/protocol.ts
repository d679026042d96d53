import { net, protocol } from 'electron';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from './security.ts';

/** Must run before app ready: `app://` behaves like an https origin for the built screens. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves dist/renderer under each screen's origin (app://resident/ …) with the CSP header; nothing outside that folder. */
export function serveRenderer(root: string): void {
  protocol.handle('app', async (request) => {
    const { pathname } = new URL(request.url);
    let file = normalize(join(root, decodeURIComponent(pathname)));
    if (!file.startsWith(root + sep)) return new Response('not found', { status: 404 });
    if (file.endsWith(sep)) file = join(file, 'index.html');
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', contentSecurityPolicy);
    return new Response(response.body, { status: response.status, headers });
  });
}
