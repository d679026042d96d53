import { useEffect, useState } from 'react';
import { beijingClock, beijingDate } from './beijing-time.ts';
import type { Lang } from './i18n.ts';

/** The current minute, re-rendered when the next one begins (one timer per minute, not a poll). */
function useMinute(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setTimeout(() => setNow(Date.now()), 60_000 - (now % 60_000) + 50);
    return () => clearTimeout(timer);
  }, [now]);
  return now;
}

/** Date and time in Beijing, whatever zone the machine runs in: 12月7日（周一） 09:05. */
export function Clock({ lang, className = '' }: { lang: Lang; className?: string }) {
  const now = useMinute();
  return (
    <time className={`clock ${className}`} dateTime={new Date(now).toISOString()} data-testid="clock">
      <span className="clock-date">{beijingDate(now, lang)}</span> <span className="clock-time">{beijingClock(now)}</span>
    </time>
  );
}
