/**
 * NMEA sentences → fix epochs with gpsd TPV semantics. Every sentence stamped with one time of day
 * belongs to one epoch (two GGAs from different talkers are one fix); untimed sentences (VTG, GSA,
 * GSV, TXT) join the epoch in progress. An epoch is complete when the time changes, or at flush(),
 * and reported when it ended a receiver cycle (see epoch.ts). A fix has a time only once a date
 * has been seen (RMC or ZDA).
 */
import { SentenceFields } from './sentence.ts';
import { EpochBuilder, Kind } from './epoch.ts';
import type { Constellation, Fix } from './types.ts';

export interface DecoderOptions {
  /** Accept sentences without `*hh` (some receivers send none). Wrong checksums are always rejected. */
  acceptMissingChecksum?: boolean;
}

export interface DecoderCounts {
  sentences: number;
  decoded: number;
  badChecksum: number;
  missingChecksum: number;
  /** Proprietary `$P…`, unknown talkers and sentence types we do not use. */
  ignored: number;
  fixes: number;
}

const KNOTS_TO_MPS = 1852 / 3600;

/** Talkers whose sentences we read; others (and proprietary `$P…`) are ignored. */
const TALKERS: ReadonlySet<string> = new Set(['GP', 'GN', 'GL', 'GA', 'GB', 'BD', 'QZ', 'GQ', 'GI', 'IN']);

const TALKER_CONSTELLATION: Readonly<Record<string, Constellation>> = {
  GP: 'gps',
  GL: 'glonass',
  GA: 'galileo',
  GB: 'beidou',
  BD: 'beidou',
  QZ: 'qzss',
  GQ: 'qzss',
  GI: 'navic',
};

/** NMEA 4.10 GSA system id → constellation. */
const SYSTEM_ID: readonly (Constellation | undefined)[] = [undefined, 'gps', 'glonass', 'galileo', 'beidou', 'qzss', 'navic'];

export class NmeaDecoder {
  readonly counts: DecoderCounts = { sentences: 0, decoded: 0, badChecksum: 0, missingChecksum: 0, ignored: 0, fixes: 0 };
  private readonly f = new SentenceFields();
  private readonly epoch = new EpochBuilder();
  private readonly acceptMissing: boolean;
  private lastGgaTalker = '';
  private lastGgaTod = NaN;

  constructor(
    private readonly onFix: (fix: Fix) => void,
    options: DecoderOptions = {},
  ) {
    this.acceptMissing = options.acceptMissingChecksum ?? false;
  }

  /** One sentence, `$…` without its line ending, as the framer delivers it. */
  push(line: string): void {
    this.counts.sentences++;
    const f = this.f;
    if (line.length < 7 || line.charCodeAt(0) !== 36) {
      this.counts.ignored++;
      return;
    }
    const verdict = f.scan(line);
    if (verdict === 'bad') {
      this.counts.badChecksum++;
      return;
    }
    if (verdict === 'missing') {
      this.counts.missingChecksum++;
      if (!this.acceptMissing) return;
    }
    if (f.ends[0]! - f.starts[0]! !== 5 || line.charCodeAt(1) === 80 /* P */) {
      this.counts.ignored++;
      return;
    }
    const talker = line.slice(1, 3);
    if (!TALKERS.has(talker)) {
      this.counts.ignored++;
      return;
    }
    const a = line.charCodeAt(3);
    const b = line.charCodeAt(4);
    const c = line.charCodeAt(5);
    let used = true;
    if (a === 82 && b === 77 && c === 67) this.rmc();
    else if (a === 71 && b === 71 && c === 65) this.gga(talker);
    else if (a === 71 && b === 78 && c === 83) this.gns();
    else if (a === 71 && b === 76 && c === 76) this.gll();
    else if (a === 86 && b === 84 && c === 71) this.vtg();
    else if (a === 71 && b === 83 && c === 65) this.gsa(talker);
    else if (a === 71 && b === 83 && c === 86) this.gsv(talker);
    else if (a === 90 && b === 68 && c === 65) this.zda();
    else if (a === 84 && b === 88 && c === 84) {
      // TXT: receiver chatter (antenna status, firmware), valid but without fix data.
    } else used = false;
    if (used) this.counts.decoded++;
    else this.counts.ignored++;
  }

  /** End of input: the epoch in progress is complete. */
  flush(): void {
    this.emit(this.epoch.finish());
  }

  private emit(fix: Fix | null): void {
    if (!fix) return;
    this.counts.fixes++;
    this.onFix(fix);
  }

  /**
   * A timed sentence: a different time of day starts a new epoch; NaN (empty or malformed) joins
   * the current one. The epoch is dated when the date is already known at this point.
   */
  private at(tod: number, kind: number): void {
    if (tod !== tod) return;
    this.emit(this.epoch.enter(tod, kind));
    if (this.epoch.dateKnown) this.epoch.current.dated = true;
  }

  // $--RMC,time,status,lat,N,lon,E,knots,track,ddmmyy,magvar,E,mode[,navstatus]
  private rmc(): void {
    const f = this.f;
    const tod = f.timeOfDay(1);
    const status = f.char(2);
    if (status !== 65 /* A */ && status !== 68 /* D */) {
      // Void: some receivers send bogus times and dates while invalid, so neither is used.
      this.emit(this.epoch.void(tod));
      return;
    }
    const dd = f.digitsAt(9, 0);
    const mm = f.digitsAt(9, 2);
    const yy = f.digitsAt(9, 4);
    if (tod === tod && dd >= 1 && dd <= 31 && mm >= 1 && mm <= 12 && yy >= 0 && f.ends[9]! - f.starts[9]! === 6) {
      this.epoch.enterDated(tod, Kind.RMC, yy < 80 ? 2000 + yy : 1900 + yy, mm, dd, (fix) => this.emit(fix));
    } else this.at(tod, Kind.RMC);
    const e = this.epoch.current;
    if (!this.position(f.coordinate(3, 4), f.coordinate(5, 6))) {
      e.mode = 1;
      return;
    }
    // A 3D fix stays 3D through RMC (which has no altitude) when enough satellites or an altitude back it.
    e.mode = this.epoch.lastMode === 3 || e.satellitesUsed > 3 || e.altMSL === e.altMSL ? 3 : 2;
    const knots = f.number(7);
    if (knots === knots) e.speed = knots * KNOTS_TO_MPS;
    const track = f.number(8);
    if (track === track) e.track = track;
    this.modeStatus(status === 68 ? 68 : f.char(12));
  }

  // $--GGA,time,lat,N,lon,E,quality,sats,hdop,alt,M,geoid,M,age,station
  private gga(talker: string): void {
    const f = this.f;
    const tod = f.timeOfDay(1);
    // Same time again from the same talker: the receiver lost lock and repeats itself.
    const repeated = talker === this.lastGgaTalker && tod === this.lastGgaTod;
    this.lastGgaTalker = talker;
    this.lastGgaTod = tod;
    this.at(tod, Kind.GGA);
    const e = this.epoch.current;
    const quality = f.number(6);
    if (quality === quality) e.quality = quality;
    const sats = f.number(7);
    if (sats === sats) e.satellitesUsed = sats;
    const hdop = f.number(8);
    if (hdop < 99) e.hdop = hdop;
    if (repeated) {
      e.mode = 1;
      return;
    }
    if (!this.position(f.coordinate(2, 3), f.coordinate(4, 5))) {
      e.mode = 1;
      return;
    }
    e.mode = 2;
    const alt = f.number(9);
    if (alt === alt) {
      e.altMSL = alt;
      if (sats >= 4) e.mode = 3;
    }
    if (!(sats >= 3)) e.mode = 1;
    const status = GGA_STATUS[quality];
    if (status !== undefined) e.status = status;
  }

  // $--GNS,time,lat,N,lon,E,modes,sats,hdop,alt,geoid,age,station[,navstatus]
  private gns(): void {
    const f = this.f;
    this.at(f.timeOfDay(1), Kind.GNS);
    const e = this.epoch.current;
    const indicator = f.char(6);
    if (indicator === 0 || indicator === 78 /* N */) {
      e.mode = 1;
      return;
    }
    const nav = f.char(13);
    if (nav === 85 /* U */ || nav === 86 /* V */) return;
    const sats = f.number(7);
    if (sats === sats) e.satellitesUsed = sats;
    const hdop = f.number(8);
    if (hdop === hdop) e.hdop = hdop;
    if (!this.position(f.coordinate(2, 3), f.coordinate(4, 5))) {
      e.mode = 1;
      return;
    }
    e.mode = 2;
    const alt = f.number(9);
    if (alt === alt) {
      e.altMSL = alt;
      if (sats > 3) e.mode = 3;
    }
    this.modeStatus(indicator);
  }

  // $--GLL,lat,N,lon,E,time,status[,mode]
  private gll(): void {
    const f = this.f;
    this.at(f.timeOfDay(5), Kind.GLL);
    const e = this.epoch.current;
    if (f.char(6) !== 65 /* A */ || f.char(7) === 78 /* N */ || !this.position(f.coordinate(1, 2), f.coordinate(3, 4))) {
      e.mode = 1;
      return;
    }
    if (e.altMSL === e.altMSL || e.satellitesUsed > 3) e.mode = 3;
    else if (e.mode < 2 || this.epoch.lastMode < 3) e.mode = 2;
    this.modeStatus(f.char(7));
  }

  // $--VTG,track,T,magtrack,M,knots,N,kmh,K[,mode]
  private vtg(): void {
    const f = this.f;
    const indicator = f.char(9);
    if (f.isEmpty(1) || f.isEmpty(5) || indicator === 78 /* N */ || indicator === 69 /* E */) return;
    const e = this.epoch.current;
    const track = f.number(1);
    if (track === track) e.track = track;
    const knots = f.number(5);
    if (knots === knots) e.speed = knots * KNOTS_TO_MPS;
  }

  // $--GSA,sel,mode,prn×12,pdop,hdop,vdop[,systemid]
  private gsa(talker: string): void {
    const f = this.f;
    const e = this.epoch.current;
    const mode = f.number(2);
    if (mode >= 1 && mode <= 3) e.mode = mode;
    let used = 0;
    for (let i = 3; i <= 14; i++) if (!f.isEmpty(i)) used++;
    const hdop = f.number(16);
    if (hdop === hdop) e.hdop = hdop;
    const system = SYSTEM_ID[f.number(18)] ?? TALKER_CONSTELLATION[talker];
    if (system) e.addUsed(system, used);
  }

  // $--GSV,count,index,inview,(prn,el,az,snr)×n[,signalid]
  private gsv(talker: string): void {
    const system = TALKER_CONSTELLATION[talker];
    const inView = this.f.number(3);
    if (system && inView >= 0) this.epoch.current.addInView(system, inView);
  }

  // $--ZDA,time,dd,mm,yyyy,zh,zm
  private zda(): void {
    const f = this.f;
    const tod = f.timeOfDay(1);
    const day = f.number(2);
    const month = f.number(3);
    const year = f.number(4);
    if (tod === tod && day >= 1 && day <= 31 && month >= 1 && month <= 12 && year >= 1980 && year < 2100) {
      this.epoch.enterDated(tod, Kind.ZDA, year, month, day, (fix) => this.emit(fix));
    } else this.at(tod, Kind.ZDA);
  }

  private position(lat: number, lon: number): boolean {
    if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) return false;
    this.epoch.current.lat = lat;
    this.epoch.current.lon = lon;
    return true;
  }

  /** FAA mode indicator → gpsd status (D differential, R/F RTK, E dead reckoning, M manual, S simulator). */
  private modeStatus(indicator: number): void {
    const status = INDICATOR_STATUS[indicator];
    if (status !== undefined) this.epoch.current.status = status;
  }
}

/** GGA quality → gpsd TPV status (1 is plain GPS and stays unstated). */
const GGA_STATUS: readonly (number | undefined)[] = [undefined, undefined, 2, 9, 3, 4, 5, 7, 8];

const INDICATOR_STATUS: Readonly<Record<number, number>> = { 68: 2, 82: 3, 70: 4, 69: 5, 77: 7, 83: 8 };
