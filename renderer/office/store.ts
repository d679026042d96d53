import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type { OfficeLiveEvent } from '../../src/office/app.ts';
import { subscribe } from '../shared/api-client.ts';
import type { Me } from './client.ts';

export const pages = ['today', 'fleet', 'map', 'ridership', 'desk', 'cases', 'comments', 'ratings', 'content', 'export', 'audit'] as const;
export type Page = (typeof pages)[number];

/** Today on the office's calendar (China Standard Time), YYYY-MM-DD. */
export function officeDay(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

interface OfficeState {
  me: Me | null;
  page: Page;
  from: string;
  to: string;
  /** Moves whenever new data was projected: pages reload. */
  tick: number;
  /** The page's filter from the hash (#cases?due=overdue): links from 今日 open a page filtered. */
  query: Record<string, string>;
  /** Moves with live positions (every few seconds per bus): only the fleet page reloads on it. */
  positions: number;
}

const fromHash = (): { page: Page; query: Record<string, string> } => {
  const [name = '', search = ''] = window.location.hash.slice(1).split('?');
  const page = (pages as readonly string[]).includes(name) ? (name as Page) : 'today';
  return { page, query: Object.fromEntries(new URLSearchParams(search)) };
};

export const useOffice = create<OfficeState>(() => ({ me: null, ...fromHash(), from: officeDay(-6), to: officeDay(), tick: 0, positions: 0 }));

export function startOfficeFeed(): () => void {
  const onHash = () => useOffice.setState(fromHash());
  window.addEventListener('hashchange', onHash);
  const off = subscribe<OfficeLiveEvent>(
    '/api/events',
    (event) => {
      if (event.type === 'projected' || event.type === 'bus-status') useOffice.setState((s) => ({ tick: s.tick + 1 }));
      if (event.type === 'position') useOffice.setState((s) => ({ positions: s.positions + 1 }));
    },
    () => useOffice.setState((s) => ({ tick: s.tick + 1 })),
  );
  return () => {
    off();
    window.removeEventListener('hashchange', onHash);
  };
}

/** Loads `load()` now and again whenever its inputs or the live tick change. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): { data: T | null; error: string | null; reload: () => void } {
  const tick = useOffice((s) => s.tick);
  const [state, setState] = useState<{ data: T | null; error: string | null }>({ data: null, error: null });
  const [again, setAgain] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ data, error: null }),
      (error: Error) => live && setState((s) => ({ ...s, error: error.message })),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick, again]);
  return { ...state, reload: () => setAgain((n) => n + 1) };
}

/** A Result from the API as data, or an Error the page shows. */
export function unwrapResult<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}
