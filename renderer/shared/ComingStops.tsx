import { beijingClock } from './beijing-time.ts';
import { dictionary, fill, type Bilingual, type Lang } from './i18n.ts';

/** One predicted arrival as the trip state carries it (src/predict/types.ts). */
export interface ComingArrival {
  id: string;
  kind: 'stop' | 'node';
  name: Bilingual;
  arrival: string;
  inS: number;
  basis: 'learned' | 'prior';
  uncertain?: true;
}

const words = dictionary(
  { title: '即将到达', none: '暂无到站时间', minutes: '约 {n} 分钟', soon: '即将到达', estimate: '估计' },
  { title: 'Coming stops', none: 'No arrival times yet', minutes: '{n} min', soon: 'arriving', estimate: 'est.' },
);

/**
 * The next stops with their predicted arrival (Beijing clock time and minutes from now), from the
 * trip state's predictions; a time from the prior alone or during a detour is marked as an estimate.
 */
export function ComingStops({ arrivals, lang, limit = 3, className = '' }: { arrivals: readonly ComingArrival[] | undefined; lang: Lang; limit?: number; className?: string }) {
  const w = words[lang];
  const stops = (arrivals ?? []).filter((a) => a.kind === 'stop').slice(0, limit);
  return (
    <section className={`coming-stops ${className}`} aria-label={w.title} data-testid="coming-stops">
      <span className="coming-title">{w.title}</span>
      {stops.length === 0 ? (
        <p className="coming-none">{w.none}</p>
      ) : (
        <ol className="coming-list">
          {stops.map((a) => (
            <li key={`${a.id}-${a.arrival}`} className="coming-stop">
              <span className="coming-name">{a.name[lang]}</span>
              <span className="coming-time">
                {beijingClock(a.arrival)}
                <small>
                  {' '}
                  {a.inS < 60 ? w.soon : fill(w.minutes, { n: Math.round(a.inS / 60) })}
                  {a.basis === 'prior' || a.uncertain ? ` · ${w.estimate}` : ''}
                </small>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
