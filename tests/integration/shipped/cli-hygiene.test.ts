/**
 * The bundled CLI as a shell user meets it: a closed pipe (`lianxin nmea FILE | head`) ends it
 * quietly with status 0, and every command's --help names every option its parser accepts.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../src/cli/commands/index.ts';
import { copiedCli, repoRoot, type ShippedApp } from '../../helpers/packaged-app.ts';

let app: ShippedApp;
beforeAll(() => {
  app = copiedCli();
}, 120_000);
afterAll(() => app?.cleanup());

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [join(app.appDir, 'dist/cli.mjs'), ...args], { cwd: app.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The options a command's files hand to parseArgs (`values: [...]`, `flags: [...]`). */
function parsedOptions(name: string): string[] {
  const dir = join(repoRoot, 'src/cli/commands');
  const files = readdirSync(dir).filter((f) => f === `${name}.ts` || f.startsWith(`${name}-`));
  const source = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  const lists = [...source.matchAll(/\b(?:values|flags): \[([^\]]*)\]/g)].map((m) => m[1]!);
  return [...new Set(lists.flatMap((list) => [...list.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]!)))];
}

describe('the bundled CLI', () => {
  it('ends quietly with status 0 when its reader closes the pipe', async () => {
    // A day of 1 Hz fixes: far more output than a pipe holds.
    const two = (n: number) => String(n).padStart(2, '0');
    const lines = Array.from({ length: 86_400 }, (_, i) => {
      const body = `GPRMC,${two(Math.floor(i / 3600))}${two(Math.floor(i / 60) % 60)}${two(i % 60)}.00,A,3605.1234,N,12012.5678,E,10.5,90.0,071226,,,A`;
      const checksum = [...body].reduce((x, c) => x ^ c.charCodeAt(0), 0).toString(16).toUpperCase().padStart(2, '0');
      return `$${body}*${checksum}\r\n`;
    });
    const file = join(app.dir, 'day.nmea');
    writeFileSync(file, lines.join(''));
    const result = await new Promise<{ code: number | null; stderr: string; firstLine: string }>((resolve) => {
      const proc = spawn(process.execPath, [join(app.appDir, 'dist/cli.mjs'), 'nmea', file], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let firstLine = '';
      proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // As `head -n 1` does: read one line, then close our end.
      proc.stdout.once('data', (d: Buffer) => {
        firstLine = d.toString().split('\n')[0]!;
        proc.stdout.destroy();
      });
      proc.on('close', (code) => resolve({ code, stderr, firstLine }));
    });
    expect(JSON.parse(result.firstLine)).toMatchObject({ class: 'TPV', mode: 2 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  }, 60_000);

  it.each(commands.map((c) => c.name))('%s --help lists every option it accepts', async (name) => {
    const options = parsedOptions(name);
    const { code, stdout } = await cli([name, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^usage: .*lianxin ${name}\\b`));
    for (const option of options) expect(stdout, `--${option}`).toContain(`--${option}`);
  });

  it('finds options for the commands that take them (the scan itself works)', () => {
    expect(parsedOptions('office')).toEqual(expect.arrayContaining(['config', 'name', 'can-unmask', 'kind', 'format', 'bus', 'out']));
    expect(parsedOptions('nmea')).toEqual(['no-checksum', 'stats']);
  });
});
