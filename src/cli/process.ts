import type { CommandIo } from './command.ts';

type Main = (argv: string[], io: CommandIo) => Promise<number>;

/** A reader that went away (`lianxin nmea FILE | head`) is not an error: stop quietly, as other Unix tools do. */
function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

/** Runs the CLI as the process: signals stop long-running commands, the exit code is the command's. */
export function runAsProcess(main: Main): void {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  const stopSignal = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, stopSignal }).then(
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
