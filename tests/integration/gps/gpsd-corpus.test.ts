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
 * gpsd reports per receiver cycle (its own cycle-end heuristic), we report per time. These are the
 * times where that differs: we give a fix, and gpsd's last TPV of that time has none.
 */
const extraEpochs: Readonly<Record<string, { count: number; reason: string }>> = {
  'garmin48.log': { count: 6, reason: 'GLL is stamped one second after the RMC/GGA of its 2 s cycle; gpsd reports the cycle once, at the GLL time' },
  'bt451.log': { count: 2, reason: 'first dated epoch, and one epoch gpsd merged into its cycle report of the next time' },
  'humminbird-M37.log': { count: 2, reason: 'RMC-only and GGA+ZDA seconds that gpsd folded into its GLL-ended cycles' },
  'ublox-zed-f9r.log': { count: 1, reason: 'first dated epoch: gpsd had already reported it before the RMC brought the date' },
  'ublox-zed-f9t-ubx_nmea_l5.log': { count: 1, reason: 'first dated epoch: gpsd had already reported it before the RMC brought the date' },
  'ac12_binary.log': { count: 1, reason: 'gpsd takes this cycle from the Ashtech $PASHR,POS report, ended by a time-only ZDA' },
  'gp-320fw-2019-04-06-overflow.log': { count: 1, reason: 'epoch straddling the receiver buffer overflow; gpsd reported the next cycle' },
  'gp-320fw-2019-04-07-coldboot.log': { count: 1, reason: 'gpsd latched no-fix after the cold-boot 1999 dates' },
  'tomtom-mkII.log': { count: 1, reason: 'GGA repeated the previous time; gpsd latched that cycle to no fix' },
  'unicore-um621.log': { count: 1, reason: 'gpsd latched no fix when the GYOACC 10 Hz stream re-stamped the cycle' },
  'rst39.log': { count: 1, reason: 'first dated epoch at 10 Hz: gpsd reported it before the RMC brought the date' },
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
    lines.push(`our fixes at times gpsd reported none (named cycle differences): ${extra}`);
    lines.push(`speed/track gpsd derived from positions (receiver sent none, not compared): ${derived} epochs`);
    for (const [name, reason] of Object.entries(binaryFixLogs)) lines.push(`left out ${name}: ${reason}`);
    for (const [name, reason] of Object.entries(weekRolloverLogs)) lines.push(`time +1024 weeks for ${name}: ${reason}`);
    console.log(lines.join('\n'));
    expect(compared).toBeGreaterThan(1500);
    expect(agreed / compared).toBeGreaterThanOrEqual(0.995);
  });

  it('gives no fix at a time gpsd reported none, beyond the named cycle differences', () => {
    const unexplained: string[] = [];
    for (const r of results) {
      const allowed = extraEpochs[r.name]?.count ?? 0;
      if (r.falseFixes.length > allowed) unexplained.push(`${r.name}: ${r.falseFixes.join(', ')}`);
    }
    expect(unexplained).toEqual([]);
  });
});
