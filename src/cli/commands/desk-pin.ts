import { hashPin, pinPattern } from '../../services/desk/staff-auth.ts';
import { parseArgs, type Command } from '../command.ts';

/** Reads all of stdin (the PIN never goes on the command line, where shell history would keep it). */
async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  return text;
}

export const deskPinCommand: Command = {
  name: 'desk-pin',
  usage: `
usage: echo 246810 | lianxin desk-pin

Reads a 4–8 digit PIN from stdin and prints its scrypt hash, for a staff entry in the config:
  "desk": { "staff": [ { "id": "s01", "name": "王丽", "pinHash": "<printed hash>" } ] }
The PIN itself is never stored or logged.
`,
  async run(args, io) {
    const { unknown, positionals } = parseArgs(args, {});
    if (unknown.length > 0 || positionals.length > 0) {
      io.stderr.write(`desk-pin: the PIN is read from stdin, not from arguments\n${this.usage}`);
      return 2;
    }
    const pin = (await readAll(io.stdin)).trim();
    if (!pinPattern.test(pin)) {
      io.stderr.write('desk-pin: a PIN is 4 to 8 digits\n');
      return 1;
    }
    io.stdout.write(`${hashPin(pin)}\n`);
    return 0;
  },
};
