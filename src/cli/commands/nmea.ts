import { createReadStream } from 'node:fs';
import { NmeaDecoder } from '../../../hardware/gps/decoder.ts';
import { NmeaFramer } from '../../../hardware/gps/framer.ts';
import { hasPosition, type Fix } from '../../../hardware/gps/types.ts';
import { parseArgs, type Command } from '../command.ts';

/** A fix as a gpsd TPV object (field names and units as gpsd's JSON; no position without a fix). */
export function fixToTpv(fix: Fix): Record<string, unknown> {
  const tpv: Record<string, unknown> = { class: 'TPV', time: fix.time, mode: fix.mode };
  if (fix.status !== undefined) tpv.status = fix.status;
  if (hasPosition(fix)) {
    tpv.lat = fix.lat;
    tpv.lon = fix.lon;
    if (fix.altMSL !== undefined) tpv.altMSL = fix.altMSL;
    if (fix.speed !== undefined) tpv.speed = fix.speed;
    if (fix.track !== undefined) tpv.track = fix.track;
  }
  return tpv;
}

export const nmeaCommand: Command = {
  name: 'nmea',
  usage: `
usage: lianxin nmea [--no-checksum] [--stats] [FILE|-]

Reads NMEA 0183 (a file, or stdin when absent or "-"), survives junk, binary frames and cut lines,
and prints one JSON line per fix epoch with gpsd's TPV field names:
  {"class":"TPV","time":ISO|null,"mode":1|2|3,"status"?,"lat","lon","altMSL"?,"speed"?,"track"?}
speed in m/s, track in degrees true; time is null until the receiver has sent a date (RMC or ZDA).
  --no-checksum   also accept sentences without *hh (wrong checksums are always rejected)
  --stats         print sentence counts (decoded, bad checksum, ignored) to stderr at the end`,
  async run(args, io) {
    const { flags, positionals, unknown } = parseArgs(args, { flags: ['no-checksum', 'stats'] });
    if (flags.has('help')) {
      io.stdout.write(`${this.usage.trim()}\n`);
      return 0;
    }
    if (unknown.length > 0 || positionals.length > 1) {
      io.stderr.write(`nmea: ${unknown.length > 0 ? `unknown option ${unknown.join(' ')}` : 'one input at most'}\n${this.usage}\n`);
      return 2;
    }
    const file = positionals[0];
    const input = file && file !== '-' ? createReadStream(file) : io.stdin;
    const decoder = new NmeaDecoder((fix) => io.stdout.write(`${JSON.stringify(fixToTpv(fix))}\n`), {
      acceptMissingChecksum: flags.has('no-checksum'),
    });
    const framer = new NmeaFramer();
    const push = (s: string) => decoder.push(s);
    try {
      for await (const chunk of input) framer.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : (chunk as Buffer), push);
    } catch (error) {
      io.stderr.write(`nmea: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    framer.end(push);
    decoder.flush();
    if (flags.has('stats')) io.stderr.write(`nmea: ${JSON.stringify({ ...decoder.counts, framer: framer.counts })}\n`);
    return 0;
  },
};
