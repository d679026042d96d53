import type { GpsSourceStatus, GpsStatus } from '../../hardware/gps/types.ts';
import type { Clock } from '../core/clock.ts';
import { Emitter } from '../core/emitter.ts';
import type { Names } from '../route/model.ts';
import type { TripEvent, TripState } from '../trip/types.ts';

export type DriverPromptCode = 'gnss-lost' | 'off-route' | 'locating' | 'at-stop' | 'slow-down' | 'next-stop' | 'no-trip';

export interface DriverPrompt {
  code: DriverPromptCode;
  /** warning: act now (manual announcements); caution: drive accordingly; info: for the record. */
  level: 'warning' | 'caution' | 'info';
  text: Names;
  nextStop: { id: string; name: Names; metresToGo: number } | null;
  gps: GpsStatus | null;
  at: string;
}

export interface PromptInputs {
  state: TripState | null;
  gps: GpsStatus | null;
  /** The stop an `approaching` announced and the bus has not reached yet. */
  approaching: { id: string; name: Names } | null;
}

const gpsLost: Record<Exclude<GpsStatus, 'fix'>, Names> = {
  'no-device': { zh: '未连接卫星定位设备，请手动报站', en: 'No GNSS receiver: announce stops manually' },
  'no-fix': { zh: '卫星定位信号丢失，请手动报站', en: 'GNSS signal lost: announce stops manually' },
  stale: { zh: '卫星定位数据中断，请手动报站', en: 'GNSS data stopped: announce stops manually' },
};

/** "350 米" / "350 m": 10 m steps up close, 0.1 km beyond a kilometre. */
export function formatDistance(metres: number): Names {
  if (metres < 1000) {
    const m = Math.max(0, Math.round(metres / 10) * 10);
    return { zh: `${m} 米`, en: `${m} m` };
  }
  const km = (Math.round(metres / 100) / 10).toFixed(1);
  return { zh: `${km} 公里`, en: `${km} km` };
}

/** The one prompt the driver screen shows, the most urgent condition first. */
export function derivePrompt({ state, gps, approaching }: PromptInputs, at: string): DriverPrompt {
  const nextStop = state?.nextStop ?? null;
  const base = { nextStop, gps, at };
  if (gps !== null && gps !== 'fix') return { ...base, code: 'gnss-lost', level: 'warning', text: gpsLost[gps] };
  if (!state) return { ...base, code: 'no-trip', level: 'info', text: { zh: '行程未开始', en: 'No trip running' } };
  if (!state.synced) return { ...base, code: 'locating', level: 'info', text: { zh: '正在线路上定位…', en: 'Placing the bus on the route…' } };
  if (!state.onRoute) {
    return { ...base, code: 'off-route', level: 'warning', text: { zh: '已偏离线路，报站暂停', en: 'Off route: announcements paused' } };
  }
  if (state.currentStop) {
    const { zh, en } = state.currentStop.name;
    return { ...base, code: 'at-stop', level: 'info', text: { zh: `已到站：${zh}`, en: `At stop: ${en}` } };
  }
  if (approaching) {
    const d = nextStop?.id === approaching.id ? formatDistance(nextStop.metresToGo) : null;
    return {
      ...base,
      code: 'slow-down',
      level: 'caution',
      text: {
        zh: `减速，前方到站：${approaching.name.zh}${d ? `（${d.zh}）` : ''}`,
        en: `Slow down, stop ahead: ${approaching.name.en}${d ? ` (${d.en})` : ''}`,
      },
    };
  }
  if (nextStop) {
    const d = formatDistance(nextStop.metresToGo);
    return { ...base, code: 'next-stop', level: 'info', text: { zh: `下一站：${nextStop.name.zh}，${d.zh}`, en: `Next stop: ${nextStop.name.en}, ${d.en}` } };
  }
  return { ...base, code: 'locating', level: 'info', text: { zh: '正在线路上定位…', en: 'Placing the bus on the route…' } };
}

/**
 * Keeps the driver prompt current from the tracker's state, its events and the GNSS status, and
 * announces a change (new condition or new wording, e.g. the distance) on `changes`.
 */
export class DriverPrompts {
  readonly changes = new Emitter<DriverPrompt>();
  private inputs: PromptInputs = { state: null, gps: null, approaching: null };
  private prompt: DriverPrompt;

  constructor(private readonly clock: Clock) {
    this.prompt = derivePrompt(this.inputs, clock.now().toISOString());
  }

  current(): DriverPrompt {
    return this.prompt;
  }

  update(input: { state?: TripState; events?: readonly TripEvent[]; gps?: GpsSourceStatus }): void {
    if (input.state !== undefined) this.inputs.state = input.state;
    if (input.gps !== undefined) this.inputs.gps = input.gps.status;
    for (const e of input.events ?? []) {
      if (e.type === 'approaching' && e.stopId) this.inputs.approaching = { id: e.stopId, name: e.name ?? { zh: e.stopId, en: e.stopId } };
      else if ((e.type === 'arrived' || e.type === 'passed') && e.stopId === this.inputs.approaching?.id) this.inputs.approaching = null;
      else if (e.type === 'off_route') this.inputs.approaching = null;
    }
    const next = derivePrompt(this.inputs, this.clock.now().toISOString());
    if (next.code !== this.prompt.code || next.text.zh !== this.prompt.text.zh || next.text.en !== this.prompt.text.en) {
      this.prompt = next;
      this.changes.emit(next);
    } else {
      this.prompt = { ...next, at: this.prompt.at };
    }
  }
}
