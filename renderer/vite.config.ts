import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = import.meta.dirname;
const screens = ['resident', 'driver', 'staff', 'office'] as const;

/**
 * One multi-page build for every screen. Relative asset paths (`base: './'`) let the same files load
 * from the headless host (`/resident/`) and from Electron's app:// scheme; no inline scripts, as the
 * CSP allows `script-src 'self'` only.
 */
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: `${root}/../dist/renderer`,
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    rolldownOptions: {
      input: {
        ...Object.fromEntries(screens.map((name) => [name, `${root}/${name}/index.html`])),
        // The office's sign-in page: the only page served without a session.
        'office-login': `${root}/office/login.html`,
      },
    },
  },
});
