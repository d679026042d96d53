import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface Child {
  proc: ChildProcess;
  /** "added <seq> <id>" lines seen so far. */
  added: Map<number, string>;
  lines: string[];
  waitForLine(line: string, timeoutMs?: number): Promise<void>;
  kill(): Promise<void>;
}

/** Runs a script under tests/ as a real Node process with tsx, as the product runs. */
export function runChild(script: string, args: string[]): Child {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const proc = spawn(process.execPath, ['--import', 'tsx', file, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const added = new Map<number, string>();
  const lines: string[] = [];
  const waiters: { line: string; resolve(): void }[] = [];
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    lines.push(line);
    const match = /^added (\d+) (\S+)$/.exec(line);
    if (match) added.set(Number(match[1]), match[2]!);
    for (const w of waiters.filter((w) => w.line === line)) w.resolve();
  });
  return {
    proc,
    added,
    lines,
    waitForLine: (line, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        if (lines.includes(line)) return resolve();
        const timer = setTimeout(() => reject(new Error(`${script} never printed "${line}"; stderr: ${stderr}`)), timeoutMs);
        waiters.push({ line, resolve: () => (clearTimeout(timer), resolve()) });
        proc.once('exit', (code) => reject(new Error(`${script} exited (${code}) before "${line}": ${stderr}`)));
      }),
    kill: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      }),
  };
}

/** Deterministic pseudo-random numbers so a failing run can be replayed. */
export function* random(seed: number, min: number, max: number): Generator<number, never> {
  let s = seed;
  for (;;) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    yield min + (s % (max - min));
  }
}
