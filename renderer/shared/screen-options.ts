/**
 * Per-page settings from the query string, so a kiosk (and a test) can tune a screen without a
 * rebuild: `?lang=en&large=1&idle=90&countdown=30` (seconds).
 */
export interface ScreenOptions {
  lang: 'zh' | 'en';
  large: boolean;
  idleMs: number;
  countdownMs: number;
}

const seconds = (value: string | null, fallback: number): number => {
  const n = value === null ? NaN : Number(value);
  return Number.isFinite(n) && n > 0 ? n * 1000 : fallback * 1000;
};

export function screenOptions(defaults: { idleS: number; countdownS: number }, search = window.location.search): ScreenOptions {
  const q = new URLSearchParams(search);
  return {
    lang: q.get('lang') === 'en' ? 'en' : 'zh',
    large: q.get('large') === '1',
    idleMs: seconds(q.get('idle'), defaults.idleS),
    countdownMs: seconds(q.get('countdown'), defaults.countdownS),
  };
}

/** Large-text mode scales every rem on the page (see base.css). */
export function applyLargeText(large: boolean): void {
  document.documentElement.classList.toggle('large', large);
}

export function applyLang(lang: 'zh' | 'en'): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}
