/**
 * Start-up time until ready, and idle memory, of what the bus runs: the headless core (`lianxin run`)
 * from the sources through tsx and from the bundle (dist/cli.mjs), and the kiosk's main bundle
 * (packaged layout, in Node with the electron stand-in; ready = resident page loaded). Peers in the
 * same run: a bare Node process, and Node loading the TypeScript runner alone. Started one at a time.
 * Targets for the bundles: ready ≤ 4× bare Node, RSS after 2 s idle ≤ 100 MiB.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copiedCli, packagedKiosk } from '../helpers/packaged-app.ts';
import { tempDir } from '../helpers/temp.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const runs = 5;
const targets = { readyTimesBare: 4, rssMiB: 100 };

function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

/** Spawns a process and resolves when `ready` matches its stdout; returns ms and the live process. */
function startUntil(args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}, cwd = root) {
  const started = performance.now();
  const proc = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise<{ ms: number; pid: number; stop: () => Promise<void> }>((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) {
        resolve({
          ms: performance.now() - started,
          pid: proc.pid!,
          stop: () =>
            new Promise<void>((done) => {
              proc.once('exit', () => done());
              proc.kill('SIGTERM');
            }),
        });
      }
    });
    proc.once('exit', (code) => reject(new Error(`exited ${code} before ready: ${err || out}`)));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<void> {
  const dir = tempDir('lianxin-bench-');
  const cli = copiedCli();
  const kiosk = packagedKiosk();
  const rows: { name: string; bundle: boolean; ms: number[]; rss: number[] }[] = [
    { name: 'node (bare, -e with a timer)', bundle: false, ms: [], rss: [] },
    { name: 'node + tsx loader only', bundle: false, ms: [], rss: [] },
    { name: 'lianxin run, sources through tsx', bundle: false, ms: [], rss: [] },
    { name: 'lianxin run, bundle dist/cli.mjs', bundle: true, ms: [], rss: [] },
    { name: 'kiosk main bundle (electron stand-in)', bundle: true, ms: [], rss: [] },
  ];
  const screensReady = /onboard: screens http:\/\//;
  try {
    const idleProbe = "console.log('ready'); setInterval(() => {}, 1000)";
    writeFileSync(join(dir.path, 'idle.ts'), idleProbe);
    for (let i = 0; i < runs; i++) {
      const config = (name: string) => {
        const path = join(dir.path, `${name}-${i}.json`);
        writeFileSync(path, JSON.stringify({ dataDir: join(dir.path, `${name}-data-${i}`), audio: { output: 'simulator' }, http: { port: 0 } }));
        return path;
      };
      const candidates = [
        () => startUntil(['-e', idleProbe], /ready/),
        () => startUntil(['--import', 'tsx', join(dir.path, 'idle.ts')], /ready/),
        () => startUntil(['--import', 'tsx', 'src/cli/main.ts', 'run', '--config', config('tsx')], screensReady),
        () => startUntil([join(cli.appDir, 'dist/cli.mjs'), 'run', '--config', config('bundle')], screensReady, {}, cli.dir),
        () =>
          startUntil(
            ['--import', join(root, 'tests/helpers/electron-stand-in/register.mjs'), join(kiosk.appDir, 'dist/main/main.mjs'), '--config', config('kiosk')],
            /page loaded app:\/\/resident\//,
            { LIANXIN_STAND_IN_RESOURCES: join(kiosk.dir, 'resources') },
            kiosk.dir,
          ),
      ];
      // One at a time: processes started together would share the CPU and slow each other.
      for (const [index, start] of candidates.entries()) {
        const proc = await start();
        // Idle memory: after the start-up burst has settled.
        await new Promise((resolve) => setTimeout(resolve, 2000));
        rows[index]!.ms.push(proc.ms);
        rows[index]!.rss.push(rssKiB(proc.pid));
        await proc.stop();
      }
    }
  } finally {
    dir.cleanup();
    cli.cleanup();
    kiosk.cleanup();
  }
  const base = rows[0]!;
  console.log(`start-up until ready, and resident memory after 2 s idle (median of ${runs}):`);
  for (const row of rows) {
    const ms = median(row.ms);
    const rss = median(row.rss);
    const timesBare = ms / median(base.ms);
    const verdict = row.bundle
      ? timesBare <= targets.readyTimesBare && rss / 1024 <= targets.rssMiB
        ? `  target met (≤ ${targets.readyTimesBare}× bare, ≤ ${targets.rssMiB} MiB)`
        : `  TARGET MISSED (≤ ${targets.readyTimesBare}× bare, ≤ ${targets.rssMiB} MiB)`
      : '';
    console.log(
      `  ${row.name.padEnd(40)} ${ms.toFixed(0).padStart(6)} ms  (${timesBare.toFixed(1)}× bare)` +
        `  ${(rss / 1024).toFixed(1).padStart(6)} MiB  (${(rss / median(base.rss)).toFixed(1)}× bare)${verdict}`,
    );
  }
}
