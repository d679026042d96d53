/**
 * `npm run bench`: runs every `*.bench.ts` in this folder in turn (or those named on the command
 * line, e.g. `npm run bench -- nmea`). Each benchmark runs its peers in the same run and prints ratios.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file.replace(/\.bench\.ts$/, '')}`);
  const started = performance.now();
  try {
    const mod = (await import(join(here, file))) as { run: () => Promise<void> };
    await mod.run();
  } catch (error) {
    failed++;
    console.error(`benchmark ${file} failed:`, error);
  }
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
process.exit(failed > 0 ? 1 : 0);
