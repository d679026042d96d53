/**
 * Our decoder against gpsd over every regression log in shared/data/gnss/gpsd/daemon, read in place.
 * gpsd's .chk output is the oracle: for each fix epoch it reported (last TPV of each time), we must
 * report the same time, lat/lon within 1e-7°, and the same speed/track where the receiver sent them.
 */
import { describe, expect, it } from 'vitest';
import { gpsdLogNames, loadGpsdLog } from '../../helpers/gpsd-corpus.ts';
import { scoreLog, weekRolloverLogs, type LogAgreement } from '../../helpers/gpsd-agreement.ts';

/** Logs whose gpsd fixes came from binary protocol frames on the same line, not from NMEA. */
const binaryFixLogs: Readonly<Record<string, string>> = {
  'quectel-l76k-dual.log': 'gpsd took its fixes from the CASIC binary frames (more digits than the NMEA)',
  'ublox8-uniqid-monhw.log': 'gpsd took its fixes from u-blox UBX NAV frames between the NMEA sentences',
};

/**
 * Our fixes at times where gpsd's last TPV has none, each named with its reason. Both are the first
 * second of a u-blox stream that mixes UBX frames with NMEA: gpsd was still identifying the binary
 * protocol and reported nothing for that second; its reports then follow the UBX cycle, which we do
 * not decode.
 */
const extraEpochs: Readonly<Record<string, { times: readonly string[]; reason: string }>> = {
  'ublox-zed-f9r.log': {
    times: ['2025-04-11T23:14:08.000Z'],
    reason: 'first second, before gpsd had settled on the u-blox binary driver (no TPV at all)',
  },
  'ublox-zed-f9t-ubx_nmea_l5.log': {
    times: ['2025-07-31T19:33:34.000Z'],
    reason: 'first second, before gpsd had settled on the u-blox binary driver (no TPV at all)',
  },
};

function percent(a: number, b: number): string {
  return b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(2)}%`;
}

describe('decoder agrees with gpsd on its regression logs', () => {
  const names = gpsdLogNames();
  const results: LogAgreement[] = names.filter((n) => !(n in binaryFixLogs)).map((n) => scoreLog(loadGpsdLog(n)));

  it('covers every log in the shared corpus', () => {
    expect(names.length).toBeGreaterThanOrEqual(60);
    for (const name of Object.keys({ ...binaryFixLogs, ...weekRolloverLogs, ...extraEpochs })) expect(names).toContain(name);
  });

  it('reports the fix epochs gpsd reported (time, lat/lon 1e-7°, speed/track)', () => {
    let compared = 0;
    let agreed = 0;
    let mode = 0;
    let alt = 0;
    let altCompared = 0;
    let derived = 0;
    let extra = 0;
    const lines: string[] = [];
    for (const r of results) {
      compared += r.compared;
      agreed += r.agreed;
      mode += r.modeAgreed;
      alt += r.altAgreed;
      altCompared += r.altCompared;
      derived += r.derivedByGpsd;
      extra += r.falseFixes.length;
      lines.push(`${r.name.padEnd(36)} ${String(r.agreed).padStart(4)}/${String(r.compared).padEnd(4)} extra ${r.falseFixes.length}`);
      for (const d of r.disagreements) lines.push(`    differs ${d}`);
    }
    lines.push(`TOTAL epochs ${agreed}/${compared} (${percent(agreed, compared)}); mode ${percent(mode, compared)}; altMSL ${percent(alt, altCompared)}`);
    lines.push(`our fixes at times gpsd reported none: ${extra}`);
    lines.push(`speed/track gpsd derived from positions (receiver sent none, not compared): ${derived} epochs`);
    for (const [name, reason] of Object.entries(binaryFixLogs)) lines.push(`left out ${name}: ${reason}`);
    for (const [name, { reason }] of Object.entries(extraEpochs)) lines.push(`named extra epoch in ${name}: ${reason}`);
    for (const [name, reason] of Object.entries(weekRolloverLogs)) lines.push(`time +1024 weeks for ${name}: ${reason}`);
    console.log(lines.join('\n'));
    expect(compared).toBeGreaterThan(1500);
    expect(agreed / compared).toBeGreaterThanOrEqual(0.997);
  });

  it('gives no fix at a time gpsd reported none, except the named ones', () => {
    const unexpected: string[] = [];
    for (const r of results) {
      const named = extraEpochs[r.name]?.times ?? [];
      if (r.falseFixes.join() !== named.join()) unexpected.push(`${r.name}: ${r.falseFixes.join(', ') || 'none'} (named: ${named.join(', ') || 'none'})`);
    }
    expect(unexpected).toEqual([]);
  });
});
