#!/usr/bin/env node
// The package bin runs the bundled CLI that `npm run build` makes (tsx stays for development: npm run cli).
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('lianxin: dist/cli.mjs is missing; run `npm run build` first (or `npm run cli -- …` from the sources)\n');
  process.exit(1);
}
await import(bundle.href);
