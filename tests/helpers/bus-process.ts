import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './temp.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface BusProcess {
  /** The headless host, once it printed its screens' address. */
  url: Promise<string>;
  output(): string;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
  stop(): Promise<void>;
}

/** A bus config file as a technician writes it: simulated GNSS, no speaker, the screens on a free port. */
export function writeBusConfig(dir: string, busId: string, dataDir: string, mqttUrl: string | undefined): string {
  const path = join(dir, `${busId}.json`);
  writeFileSync(
    path,
    JSON.stringify({ busId, dataDir, audio: { output: 'simulator' }, http: { host: '127.0.0.1', port: 0 }, ...(mqttUrl ? { mqtt: { url: mqttUrl, protocolVersion: 5 } } : {}) }),
  );
  return path;
}

/** `lianxin run --config FILE` as its own process, as systemd starts it on the bus. */
export function startBusProcess(configPath: string): BusProcess {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', '--config', configPath], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = waitFor(
    () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`lianxin run exited (${child.exitCode ?? child.signalCode}): ${out}`);
      return /onboard: screens (http:\/\/\S+)\/resident\//.exec(out)?.[1];
    },
    'lianxin run to print its screens address',
    30_000,
  );
  url.catch(() => undefined);
  return {
    url,
    output: () => out,
    exited,
    kill: (signal) => child.kill(signal),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** POST /api/<method> on a bus's headless host. */
export async function busCall<T>(url: string, method: string, input?: unknown): Promise<T> {
  const res = await fetch(`${url}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: input === undefined ? '' : JSON.stringify(input) });
  if (res.status !== 200) throw new Error(`${method}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
