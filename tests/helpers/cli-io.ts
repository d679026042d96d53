import { PassThrough, Readable } from 'node:stream';
import type { Command, CommandIo } from '../../src/cli/command.ts';
import { main } from '../../src/cli/main.ts';

export interface CapturedIo extends CommandIo {
  /** What the command wrote to stdout (when stdout is the captured stream) and to stderr so far. */
  out(): string;
  err(): string;
}

/**
 * In-memory standard streams for running a command inside the test process (spawning the whole
 * CLI costs seconds per run). `stdout` may be the caller's stream, e.g. a slow consumer.
 */
export function capturedIo(stdin: string | Buffer = '', stdout: NodeJS.WritableStream = new PassThrough()): CapturedIo {
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { stdin: Readable.from([stdin]), stdout, stderr, env: {}, stopSignal: new Promise(() => undefined), out: () => out, err: () => err };
}

/** Runs `lianxin <args>` (or one command) in process; resolves with its exit code and output. */
export async function runCli(args: string[], options: { stdin?: string | Buffer; command?: Command } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = capturedIo(options.stdin);
  const code = options.command ? await options.command.run(args, io) : await main(args, io);
  return { code, stdout: io.out(), stderr: io.err() };
}
