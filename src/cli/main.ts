import { installLastLine } from '../core/last-line.ts';
import { commands } from './commands/index.ts';
import type { CommandIo } from './command.ts';

/** `lianxin <command> [args]`: the one entry point for the bus, the office and the tests. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(overview());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`lianxin: unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage.trim()}\n`);
    return 0;
  }
  return command.run(rest, io);
}

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `usage: lianxin <command> [options]   (npm run -s cli -- <command>)\n\ncommands:\n${lines.join('\n')}\n\n'lianxin <command> --help' shows a command's options.\n`;
}

const isEntry = process.argv[1] !== undefined && /src[\\/]cli[\\/]main\.ts$|bin[\\/]lianxin\.mjs$/.test(process.argv[1]);
if (isEntry) {
  installLastLine(`lianxin ${process.argv[2] ?? ''}`.trim());
  const stopSignal = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  main(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stopSignal,
  }).then(
    (code) => {
      process.exitCode = code;
      // Commands resolve after closing their resources; a lingering handle must not keep a finished
      // command alive (unref: a clean exit does not wait for this timer).
      setTimeout(() => process.exit(code), 50).unref();
    },
    (error: unknown) => {
      process.stderr.write(`lianxin: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
