import { create } from 'zustand';
import { call, subscribe, type ApiOutput, type LiveEvent } from './api.ts';
import type { Bilingual, Lang } from '../shared/i18n.ts';
import type { LoopPlace } from '../shared/LoopDiagram.tsx';
import { applyLang, applyLargeText, screenOptions } from '../shared/screen-options.ts';

export type View = 'home' | 'take' | 'handbook' | 'comment' | 'rating' | 'progress';

type TripState = Extract<LiveEvent, { type: 'trip-state' }>['state'];
/** Today's queue as every screen may see it: numbers only. */
export type QueueBoard = Extract<LiveEvent, { type: 'desk-queue' }>['queue'];

/** The loop as the home view draws it. */
export interface RouteModel {
  length: number;
  places: LoopPlace[];
}

/** Where the bus is, as the home view tells it. */
export interface TripModel {
  synced: boolean;
  onRoute: boolean;
  distance: number;
  nextStop: { id: string; name: Bilingual; metresToGo: number; etaS: number | null } | null;
  currentStop: { id: string; name: Bilingual } | null;
  arrivals: NonNullable<TripState['arrivals']>;
}

export type Activity = ApiOutput<'activitiesToday'>['activities'][number];

interface ResidentState {
  lang: Lang;
  large: boolean;
  view: View;
  /** Bumped by an idle reset: every view remounts, so whatever was typed is gone. */
  session: number;
  idleMs: number;
  countdownMs: number;
  route: RouteModel | null;
  trip: TripModel | null;
  announcement: Bilingual | null;
  activities: Activity[];
  /** The office's latest reply to a comment; 查进度 refreshes when it is the one on show. */
  lastReply: { reference: string; at: number } | null;
  /** The bus's own speakers read announcements (and called numbers) aloud: the kiosk then stays quiet. */
  onboardSpeaks: boolean;
  /** Bumped on every queue change, so a ticket on show is looked up again (no polling). */
  queueChanged: number;
  /** The queue as home shows it (now serving, how many wait); null until the first snapshot. */
  queue: QueueBoard | null;
  /** A number just called to a counter: shown full screen over any view. */
  called: { number: string; counter: number; text: Bilingual; at: number } | null;
  /** The bus's speakers are reading this screen aloud (朗读 shows 停止). */
  reading: boolean;
  /** The GNSS condition: anything but `fix` means the position shown may be old. */
  gnss: string | null;
}

const options = screenOptions({ idleS: 90, countdownS: 30 });

export const useResident = create<ResidentState>(() => ({
  lang: options.lang,
  large: options.large,
  view: 'home',
  session: 0,
  idleMs: options.idleMs,
  countdownMs: options.countdownMs,
  route: null,
  trip: null,
  reading: false,
  gnss: null,
  announcement: null,
  activities: [],
  lastReply: null,
  called: null,
  queueChanged: 0,
  queue: null,
  onboardSpeaks: false,
}));

applyLang(options.lang);
applyLargeText(options.large);

/** The office may have sent a new schedule since: read it again whenever home comes back (not a timer). */
async function reloadActivities(): Promise<void> {
  useResident.setState({ activities: (await call('activitiesToday')).activities });
}

export const actions = {
  show(view: View): void {
    useResident.setState({ view });
    if (view === 'home') void reloadActivities();
  },
  toggleLang(): void {
    const lang = useResident.getState().lang === 'zh' ? 'en' : 'zh';
    applyLang(lang);
    useResident.setState({ lang });
  },
  toggleLarge(): void {
    const large = !useResident.getState().large;
    applyLargeText(large);
    useResident.setState({ large });
  },
  /** Idle reset: back home, every typed text wiped, language and text size back to the kiosk's own. */
  resetSession(): void {
    applyLang(options.lang);
    applyLargeText(options.large);
    useResident.setState((s) => ({ view: 'home', session: s.session + 1, lang: options.lang, large: options.large }));
    void reloadActivities();
  },
};

/** Seconds to the next stop at the current speed; none while standing or crawling (it would swing wildly). */
const crawlSpeed = 1.5;

function tripModel(state: TripState): TripModel {
  const next = state.nextStop;
  return {
    synced: state.synced,
    onRoute: state.onRoute,
    distance: state.distance,
    currentStop: state.currentStop,
    nextStop: next && { ...next, etaS: state.speed > crawlSpeed ? next.metresToGo / state.speed : null },
    arrivals: state.arrivals ?? [],
  };
}

function apply(event: LiveEvent): void {
  switch (event.type) {
    case 'trip-state':
      return useResident.setState({ trip: tripModel(event.state) });
    case 'reading':
      return useResident.setState({ reading: event.speaking });
    case 'gnss':
      return useResident.setState({ gnss: event.status });
    case 'announcement':
      return useResident.setState({ announcement: event.text });
    case 'desk-call':
      return useResident.setState({ called: { number: event.number, counter: event.counter, text: event.text, at: Date.now() } });
    case 'desk-queue':
      return useResident.setState((s) => ({ queueChanged: s.queueChanged + 1, queue: event.queue }));
    case 'feedback-reply':
      return useResident.setState({ lastReply: { reference: event.reference, at: Date.now() } });
    default:
  }
}

async function reload(): Promise<void> {
  const [route, state, recent, today, sound, queue] = await Promise.all([
    call('tripRoute'),
    call('tripState'),
    call('announceRecent', { limit: 1 }),
    call('activitiesToday'),
    call('announceStatus'),
    call('deskQueue'),
  ]);
  useResident.setState({
    onboardSpeaks: sound.audio.output === 'speaker',
    activities: today.activities,
    queue,
    route: { length: route.length, places: [...route.stops, ...route.nodes] },
    trip: tripModel(state),
    gnss: state.gnss,
    announcement: recent.ok ? (recent.value[0]?.text ?? null) : null,
  });
}

/**
 * The snapshot at once (the home view should not wait for the event stream), again on every
 * (re)connection of the live feed so nothing missed while it was down stays missing; no polling.
 */
export function startResidentFeed(): () => void {
  void reload();
  return subscribe(apply, () => void reload());
}
