import { readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the shipped files are, for each way the code runs:
 *   source   — tsx over src/: the repository;
 *   bundle   — dist/cli.mjs or dist/main/main.mjs beside package.json: the folder holding dist/;
 *   packaged — Electron from resources/app.asar (electron-builder): process.resourcesPath/app.asar,
 *              with native modules (asarUnpack: **\/*.node) in app.asar.unpacked, which Electron's
 *              fs redirects to by itself.
 * Every asset (route, handbook, catalogue, word list, audio clips, screens) is resolved here, so no
 * module reaches for a file relative to its own location: that location changes when it is bundled.
 * This is the one module allowed to read import.meta.url (eslint.config.js, scripts/build.mjs).
 */
export type AppLayout = 'source' | 'bundle' | 'packaged';

export interface AppRoot {
  layout: AppLayout;
  /** The folder holding package.json, assets/ and dist/ (inside the asar when packaged). */
  root: string;
  /** Where files that must exist on disk live (app.asar.unpacked when packaged, else root). */
  unpacked: string;
}

const isOurPackage = (dir: string): boolean => {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'lianxin';
  } catch {
    return false;
  }
};

/** Finds the app root from the running module's folder, or from Electron's resources folder when packaged. */
export function locateAppRoot(moduleDir: string, resourcesPath: string | undefined = process.resourcesPath): AppRoot {
  if (resourcesPath !== undefined) {
    for (const name of ['app.asar', 'app']) {
      const root = join(resourcesPath, name);
      if (isOurPackage(root)) {
        return { layout: 'packaged', root, unpacked: name === 'app.asar' ? `${root}.unpacked` : root };
      }
    }
  }
  for (let dir = moduleDir; ; dir = dirname(dir)) {
    if (isOurPackage(dir)) {
      const inDist = relative(dir, moduleDir).split(sep)[0] === 'dist';
      return { layout: inDist ? 'bundle' : 'source', root: dir, unpacked: dir };
    }
    if (dirname(dir) === dir) throw new Error(`lianxin: no package.json of lianxin above ${moduleDir}`);
  }
}

export const appRoot: AppRoot = locateAppRoot(dirname(fileURLToPath(import.meta.url)));

/** A file shipped under assets/, e.g. shippedAsset('routes/hongfu-loop.geojson'). */
export const shippedAsset = (path: string): string => join(appRoot.root, 'assets', path);

/** Where `npm run build:renderer` puts the screens, in every layout. */
export const rendererDir = join(appRoot.root, 'dist', 'renderer');

/** The Electron preload beside the main bundle. */
export const preloadPath = join(appRoot.root, 'dist', 'main', 'preload.cjs');
