#!/usr/bin/env node
/**
 * `npm run build` bundles what the bus and the office run, from the same sources, with esbuild:
 *   dist/main/main.mjs + dist/main/preload.cjs — the Electron kiosk (what electron-builder packs);
 *   dist/cli.mjs + dist/cli/*.mjs               — the headless CLI (bin/lianxin.mjs), one chunk per
 *                                                 command so `run` never loads the office.
 The build fails
 * when a module reaches for a file relative to its own location (see src/app-root/app-root.ts).
 * Usage: node scripts/build.mjs [main] [cli] [--out DIR]   (DIR defaults to the repository)
 */
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = dirname(dirname(fileURLToPath(import.meta.url)));
const ownLocation = /import\.meta\.(url|dirname|filename)\b|\b__(dirname|filename)\b/;
const allowed = new Set(['src/app-root/app-root.ts']);

/** esbuild plugin: a bundled module does not sit where its source did, so its own location means nothing. */
const noOwnLocation = {
  name: 'no-own-location',
  setup(b) {
    b.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      const file = relative(repo, args.path).split('\\').join('/');
      if (allowed.has(file) || !/^(src|hardware|main)\//.test(file)) return undefined;
      const lines = (await readFile(args.path, 'utf8')).split('\n');
      const line = lines.findIndex((l) => ownLocation.test(l));
      if (line < 0) return undefined;
      return {
        errors: [{ text: 'find shipped files through src/app-root/app-root.ts, not relative to the module', location: { file, line: line + 1, lineText: lines[line] } }],
      };
    });
  },
};

// Native modules must stay files on disk (rebuilt for Electron, unpacked from the asar); the big
// optional ones load lazily, only when used, from node_modules. The rest (zod) is bundled:
// one file loads faster than hundreds of small modules resolved one by one.
const external = ['electron', 'better-sqlite3', 'serialport', '@serialport/*', 'pg', 'exceljs', 'aedes', 'mqtt'];
// Bundled CommonJS packages call require() for Node's modules; ESM has none of its own.
const banner = { js: "import { createRequire as __lianxinRequire } from 'node:module'; const require = __lianxinRequire(import.meta.url);" };
const common = { bundle: true, platform: 'node', target: 'node20', external, banner, logLevel: 'warning', plugins: [noOwnLocation], absWorkingDir: repo };

export async function buildMain(out = repo) {
  await build({ ...common, entryPoints: ['main/main.ts'], format: 'esm', outfile: join(out, 'dist/main/main.mjs') });
  // A sandboxed preload cannot require modules: everything but electron is bundled in.
  await build({ ...common, banner: undefined, external: ['electron'], entryPoints: ['main/preload.ts'], format: 'cjs', outfile: join(out, 'dist/main/preload.cjs') });
}

export async function buildCli(out = repo) {
  // Chunk names carry a content hash: last build's chunks would pile up.
  await rm(join(out, 'dist/cli'), { recursive: true, force: true });
  await build({
    ...common,
    entryPoints: { cli: 'src/cli/entry.ts' },
    format: 'esm',
    splitting: true,
    outdir: join(out, 'dist'),
    chunkNames: 'cli/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
  });
}

const args = process.argv.slice(2);
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? args[outAt + 1] : repo;
  const targets = args.filter((a, i) => !a.startsWith('--') && (outAt < 0 || i !== outAt + 1));
  const wanted = targets.length > 0 ? targets : ['main', 'cli'];
  try {
    if (wanted.includes('main')) await buildMain(out);
    if (wanted.includes('cli')) await buildCli(out);
  } catch {
    // esbuild has printed the errors.
    process.exit(1);
  }
}
