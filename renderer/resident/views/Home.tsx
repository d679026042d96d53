import { fill, pick } from '../../shared/i18n.ts';
import { ComingStops } from '../../shared/ComingStops.tsx';
import { LoopDiagram } from '../../shared/LoopDiagram.tsx';
import { Icon, type IconName } from '../icons.tsx';
import { QueueNow } from '../QueueNow.tsx';
import { actions, useResident, type View } from '../store.ts';
import { text, type TextKey } from '../text.ts';

const services: { view: Exclude<View, 'home'>; label: TextKey; hint: TextKey; icon: IconName }[] = [
  { view: 'take', label: 'take', hint: 'takeHint', icon: 'take' },
  { view: 'handbook', label: 'handbook', hint: 'handbookHint', icon: 'handbook' },
  { view: 'comment', label: 'comment', hint: 'commentHint', icon: 'comment' },
  { view: 'rating', label: 'rating', hint: 'ratingHint', icon: 'rating' },
  { view: 'progress', label: 'progress', hint: 'progressHint', icon: 'progress' },
];

function eta(seconds: number | null, t: (typeof text)['zh']): string | null {
  if (seconds === null) return null;
  return seconds < 60 ? t.underMinute : fill(t.minutes, { n: Math.round(seconds / 60) });
}

/** Home: where the bus is on the loop, the next stop, the latest announcement, today's activities. */
export function Home() {
  const { lang, route, trip, announcement, activities, gnss, queue } = useResident();
  const t = text[lang];
  // GNSS lost: say so plainly, and still name the next stop the trip state knows (a restore or the driver's 校准).
  const unknown = gnss !== null && gnss !== 'fix';
  return (
    <div className="home">
      <section className="map" aria-label={t.loopTitle}>
        {route && (
          <LoopDiagram
            length={route.length}
            places={route.places}
            busDistance={trip?.synced ? trip.distance : null}
            nextStopId={trip?.nextStop?.id ?? null}
            lang={lang}
            labels={{ bus: t.busHere, next: t.next, title: t.loopTitle, stop: t.legendStop, node: t.legendNode }}
          />
        )}
      </section>
      <section className="info">
        <div className="next-stop" data-read aria-live="polite">
          {unknown && <p className="status warn">{lang === 'zh' ? '⚠ 车辆位置暂时未知' : '⚠ Bus position unknown for now'}</p>}
          {!trip?.synced ? (
            !unknown && <p className="status">{t.locating}</p>
          ) : !trip.onRoute ? (
            <p className="status warn">⚠ {t.offRoute}</p>
          ) : trip.currentStop ? (
            <>
              <span className="label">{t.atStop}</span>
              <strong className="stop-name">{pick(trip.currentStop.name, lang)}</strong>
            </>
          ) : trip.nextStop ? (
            <>
              <span className="label">{t.nextStop}</span>
              <strong className="stop-name">{pick(trip.nextStop.name, lang)}</strong>
              <span className="eta">
                {[eta(trip.nextStop.etaS, t), fill(t.metres, { n: Math.round(trip.nextStop.metresToGo) })].filter(Boolean).join(' · ')}
              </span>
            </>
          ) : null}
        </div>
        <ComingStops arrivals={trip?.arrivals} lang={lang} className="home-coming" />
        <QueueNow queue={queue} lang={lang} />
        <div className="announcement" data-read aria-live="polite">
          <span className="label">{t.announcement}</span>
          <p className="announcement-text">{announcement ? pick(announcement, lang) : t.noAnnouncement}</p>
        </div>
        <div className="activities" data-read>
          <span className="label">{t.activities}</span>
          {activities.length === 0 ? (
            <p>{t.noActivities}</p>
          ) : (
            <ul>
              {activities.map((a) => (
                <li key={a.id}>
                  <span className="time">{a.endTime ? `${a.time}–${a.endTime}` : a.time}</span> {pick(a.title, lang)}
                  {a.place && <span className="place"> · {pick(a.place, lang)}</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
      </section>
      <nav className="services" aria-label={lang === 'zh' ? '服务' : 'Services'}>
        {services.map((s) => (
          <button type="button" key={s.view} className={`service service-${s.view}`} onClick={() => actions.show(s.view)}>
            <Icon name={s.icon} />
            <span className="service-label">{t[s.label]}</span>
            <span className="service-hint">{t[s.hint]}</span>
          </button>
        ))}
      </nav>
    </div>
  );
}
