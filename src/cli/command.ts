/** One CLI command: its own file under commands/, registered in commands/index.ts. */
export interface Command {
  name: string;
  /** Full usage for `lianxin <name> --help`. */
  usage: string;
  /** Resolves to the process exit code. Long-running commands resolve when stopped. */
  run(args: string[], io: CommandIo): Promise<number>;
}

/** A command as `lianxin --help` lists it; its module is imported only when it runs. */
export interface CommandEntry {
  name: string;
  /** One line for `lianxin --help`. */
  summary: string;
  load(): Promise<Command>;
}

export interface CommandIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Resolves on SIGINT/SIGTERM so long-running commands can shut down cleanly. */
  stopSignal: Promise<void>;
}

/** Minimal flag parser: `--key value`, `--flag`, positionals. Unknown flags are the caller's error. */
export function parseArgs(
  args: string[],
  spec: { values?: string[]; flags?: string[] },
): { values: Record<string, string>; flags: Set<string>; positionals: string[]; unknown: string[] } {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  const positionals: string[] = [];
  const unknown: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
    } else if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    } else {
      const [key, inline] = arg.replace(/^--?/, '').split('=', 2) as [string, string | undefined];
      if (spec.values?.includes(key)) {
        const value = inline ?? args[++i];
        if (value === undefined) unknown.push(`${arg} (needs a value)`);
        else values[key] = value;
      } else if (spec.flags?.includes(key) || key === 'help' || key === 'h') {
        flags.add(key === 'h' ? 'help' : key);
      } else {
        unknown.push(arg);
      }
    }
  }
  return { values, flags, positionals, unknown };
}
