/**
 * The app folder as it ships, built in a temp dir: the bundles built by scripts/build.mjs (as
 * `npm run dist` / `npm run build` build them), the screens `npm run build:renderer` made, and the
 * files electron-builder.yml's `files:` selects, laid out as electron-builder lays out the package:
 * <dir>/resources/app.asar/… (a folder here; Electron reads the archive the same way).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { tempDir } from './temp.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** electron-builder's file patterns, the subset this project uses: `**`, `*`, a leading `!`. */
function globToRegExp(glob: string): RegExp {
  const segment = (part: string) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').split('*').join('[^/]*');
  const body = glob
    .split('**/')
    .map((part) => part.split('**').map(segment).join('.*'))
    .join('(?:.*/)?');
  return new RegExp(`^${body}$`);
}

function filesUnder(root: string, prefix: string): string[] {
  return readdirSync(join(root, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(root, path);
    return entry.isFile() ? [path] : [];
  });
}

export function selectFiles(root: string, patterns: string[]): string[] {
  const include = patterns.filter((p) => !p.startsWith('!')).map(globToRegExp);
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => globToRegExp(p.slice(1)));
  const all = filesUnder(root, '').filter((path) => !path.startsWith('node_modules/'));
  return all.filter((path) => include.some((r) => r.test(path)) && !exclude.some((r) => r.test(path)));
}

/** The project tree as the packager sees it after the build: fresh bundles, the built screens, assets, package.json. */
function stage(dir: string, target: 'main' | 'cli'): string {
  const rendererIndex = join(repoRoot, 'dist/renderer/resident/index.html');
  if (!existsSync(rendererIndex)) throw new Error('dist/renderer is missing: run `npm run build:renderer` (npm test does) first');
  const root = join(dir, 'stage');
  execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), target, '--out', root], { cwd: repoRoot, stdio: 'pipe' });
  cpSync(join(repoRoot, 'dist/renderer'), join(root, 'dist/renderer'), { recursive: true });
  cpSync(join(repoRoot, 'assets'), join(root, 'assets'), { recursive: true });
  cpSync(join(repoRoot, 'package.json'), join(root, 'package.json'));
  return root;
}

export interface ShippedApp {
  dir: string;
  /** Where the app's files are (resources/app.asar for the kiosk). */
  appDir: string;
  files: string[];
  cleanup(): void;
}

/** The kiosk package: only what `files:` selects, under resources/app.asar, production node_modules beside. */
export function packagedKiosk(): ShippedApp {
  const dir = tempDir('lianxin-package-');
  const root = stage(dir.path, 'main');
  const builder = yaml.load(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as { files: string[] };
  const appDir = join(dir.path, 'resources/app.asar');
  const files = selectFiles(root, builder.files);
  for (const file of files) {
    mkdirSync(dirname(join(appDir, file)), { recursive: true });
    cpSync(join(root, file), join(appDir, file));
  }
  // electron-builder adds the production dependencies itself; the repository's serve here, and
  // `electron` (which Electron provides at run time) is the recording stand-in.
  mkdirSync(join(appDir, 'node_modules'));
  for (const name of readdirSync(join(repoRoot, 'node_modules'))) {
    const target = name === 'electron' ? join(repoRoot, 'tests/helpers/electron-stand-in') : join(repoRoot, 'node_modules', name);
    symlinkSync(target, join(appDir, 'node_modules', name), 'dir');
  }
  return { dir: dir.path, appDir, files, cleanup: dir.cleanup };
}

/** The headless install: the CLI bundle, screens, assets and package.json copied to a folder of their own. */
export function copiedCli(): ShippedApp {
  const dir = tempDir('lianxin-cli-');
  const root = stage(dir.path, 'cli');
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  return { dir: dir.path, appDir: root, files: selectFiles(root, ['**']), cleanup: dir.cleanup };
}
