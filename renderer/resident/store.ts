import { create } from 'zustand';
import { call, subscribe, type LiveEvent } from '../shared/api-client.ts';
import type { Bilingual, Lang } from '../shared/i18n.ts';
import type { LoopPlace } from '../shared/LoopDiagram.tsx';
import { applyLang, applyLargeText, screenOptions } from '../shared/screen-options.ts';

export type View = 'home' | 'take' | 'handbook' | 'comment' | 'rating' | 'progress';

type TripEvent = Extract<LiveEvent, { type: 'trip' }>['event'];

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
}

export interface Activity {
  id: string;
  /** Local time of day, e.g. "09:30–11:00". */
  time: string;
  title: Bilingual;
}

interface ResidentState {
  lang: Lang;
  large: boolean;
  view: View;
  /** Bumped by an idle reset: every view remounts, so whatever was typed is gone. */
  session: number;
  idleMs: number;
  countdownMs: number;
  /** The latest trip event (approaching / arrived / departed …) for the home view. */
  lastTrip: TripEvent | null;
  route: RouteModel | null;
  trip: TripModel | null;
  announcement: Bilingual | null;
  activities: Activity[];
  /** The office's latest reply to a comment; 查进度 refreshes when it is the one on show. */
  lastReply: { reference: string; at: number } | null;
}

const options = screenOptions({ idleS: 90, countdownS: 30 });

export const useResident = create<ResidentState>(() => ({
  lang: options.lang,
  large: options.large,
  view: 'home',
  session: 0,
  idleMs: options.idleMs,
  countdownMs: options.countdownMs,
  lastTrip: null,
  route: null,
  trip: null,
  announcement: null,
  activities: [],
  lastReply: null,
}));

applyLang(options.lang);
applyLargeText(options.large);

export const actions = {
  show(view: View): void {
    useResident.setState({ view });
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
  },
};

function apply(event: LiveEvent): void {
  if (event.type === 'trip') useResident.setState({ lastTrip: event.event });
  if (event.type === 'feedback-reply') useResident.setState({ lastReply: { reference: event.reference, at: Date.now() } });
}

async function reload(): Promise<void> {
  const events = await call('tripRecentEvents', { limit: 1 });
  useResident.setState({ lastTrip: events[0] ?? null });
}

/** Snapshot on every (re)connection of the live feed, then live updates: no polling. */
export function startResidentFeed(): () => void {
  return subscribe(apply, () => void reload());
}
