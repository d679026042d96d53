/**
 * Start-up time of the headless onboard core (`lianxin run`) until its host answers, and its idle
 * memory; peers in the same run: a bare Node process, and Node loading the TypeScript runner alone.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/temp.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const runs = 5;

function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

/** Spawns a process and resolves when `ready` matches its stdout; returns ms and the live process. */
function startUntil(args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}) {
  const started = performance.now();
  const proc = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
  const rows: { name: string; ms: number[]; rss: number[] }[] = [
    { name: 'node (bare, -e with a timer)', ms: [], rss: [] },
    { name: 'node + tsx loader only', ms: [], rss: [] },
    { name: 'lianxin run (onboard core + host)', ms: [], rss: [] },
  ];
  try {
    const idleProbe = "console.log('ready'); setInterval(() => {}, 1000)";
    writeFileSync(join(dir.path, 'idle.ts'), idleProbe);
    for (let i = 0; i < runs; i++) {
      const config = join(dir.path, `config-${i}.json`);
      writeFileSync(config, JSON.stringify({ dataDir: join(dir.path, `data-${i}`), http: { port: 0 } }));
      const candidates = [
        startUntil(['-e', idleProbe], /ready/),
        startUntil(['--import', 'tsx', join(dir.path, 'idle.ts')], /ready/),
        startUntil(['--import', 'tsx', 'src/cli/main.ts', 'run', '--config', config], /onboard: screens http:\/\//),
      ];
      for (const [index, pending] of candidates.entries()) {
        const proc = await pending;
        // Idle memory: after the start-up burst has settled.
        await new Promise((resolve) => setTimeout(resolve, 2000));
        rows[index]!.ms.push(proc.ms);
        rows[index]!.rss.push(rssKiB(proc.pid));
        await proc.stop();
      }
    }
  } finally {
    dir.cleanup();
  }
  const base = rows[0]!;
  console.log(`start-up until ready, and resident memory after 2 s idle (median of ${runs}):`);
  for (const row of rows) {
    const ms = median(row.ms);
    const rss = median(row.rss);
    console.log(
      `  ${row.name.padEnd(36)} ${ms.toFixed(0).padStart(6)} ms  (${(ms / median(base.ms)).toFixed(1)}× bare)` +
        `  ${(rss / 1024).toFixed(1).padStart(6)} MiB  (${(rss / median(base.rss)).toFixed(1)}× bare)`,
    );
  }
}
