import { describe, expect, it } from 'vitest';
import { nmeaCommand } from '../../../src/cli/commands/nmea.ts';
import { gpsdDaemonDir, requireSharedData } from '../../helpers/gpsd-corpus.ts';
import { runCli } from '../../helpers/cli-io.ts';

/** Runs the command in process (spawning the whole CLI costs seconds per run). */
async function cli(args: string[], input = '') {
  const { code, stdout: out, stderr: err } = await runCli(args, { command: nmeaCommand, stdin: Buffer.from(input, 'latin1') });
  return { code, lines: out.trim().split('\n').filter(Boolean), stderr: err };
}

describe('lianxin nmea', () => {
  requireSharedData();

  it('is registered with the CLI', async () => {
    const overview = await runCli(['--help']);
    expect(overview.stdout).toMatch(/^ {2}nmea +decode NMEA/m);
    const usage = await runCli(['nmea', '--help']);
    expect(usage.stdout).toBe(`${nmeaCommand.usage.trim()}\n`);
  });

  it('prints one gpsd TPV line per fix epoch from a file', async () => {
    const { code, lines } = await cli([`${gpsdDaemonDir}cat-ms352.log`]);
    expect(code).toBe(0);
    const tpvs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(tpvs).toHaveLength(40);
    expect(tpvs[0]).toEqual({
      class: 'TPV',
      time: '2022-11-23T11:39:38.500Z',
      mode: 3,
      status: 2,
      lat: tpvs[0]!.lat,
      lon: tpvs[0]!.lon,
      altMSL: 1864.182,
      speed: tpvs[0]!.speed,
      track: 46.405,
    });
    expect(Math.abs((tpvs[0]!.lat as number) - 38.714334482)).toBeLessThan(1e-7);
    expect(Math.abs((tpvs[0]!.speed as number) - 0.011 * (1852 / 3600))).toBeLessThan(1e-9);
  });

  it('reads stdin, gives no position without a fix, and null time before a date', async () => {
    const input = '$GPGGA,120000.00,,,,,0,00,,,M,,M,,*4B\r\n$GPGGA,120001.00,3600.00000,N,12000.00000,E,1,08,1.0,10.0,M,,M,,*4E\r\n';
    const { code, lines } = await cli(['-'], input);
    expect(code).toBe(0);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { class: 'TPV', time: null, mode: 1 },
      { class: 'TPV', time: null, mode: 3, lat: 36, lon: 120, altMSL: 10 },
    ]);
  });

  it('rejects unknown options with usage', async () => {
    const { code, stderr } = await cli(['--frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toContain('usage: lianxin nmea');
  });
});
