import { commands } from './commands/index.ts';
import type { CommandIo } from './command.ts';
import { runAsProcess } from './process.ts';

/** `lianxin <command> [args]`: the one entry point for the bus, the office and the tests. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(overview());
    return name === undefined ? 2 : 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(`lianxin: unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  const command = await entry.load();
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

// Under tsx (npm run cli, the tests); the bundle starts from entry.ts instead.
if (process.argv[1] !== undefined && /src[\\/]cli[\\/]main\.ts$/.test(process.argv[1])) runAsProcess(main);
