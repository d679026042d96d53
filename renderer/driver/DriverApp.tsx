import { fill, pick } from '../shared/i18n.ts';
import { screenOptions } from '../shared/screen-options.ts';
import { useDriver } from './store.ts';
import { text } from './text.ts';

const { lang } = screenOptions({ idleS: 0, countdownS: 0 });
const t = text[lang];

function GnssWarning() {
  const gps = useDriver((s) => s.gps);
  if (!gps || gps.status === 'fix') return null;
  const message = gps.status === 'no-device' ? t.noDevice : gps.status === 'stale' ? t.gnssStale : t.gnssLost;
  return (
    <p className="warning gnss" role="alert">
      <span aria-hidden="true">⚠</span> {message}
    </p>
  );
}

function Prompt() {
  const prompt = useDriver((s) => s.prompt);
  if (!prompt) return <p className="prompt idle">{t.noPrompt}</p>;
  const name = prompt.name ? pick(prompt.name, lang) : prompt.stopId;
  return (
    <div className={`prompt ${prompt.kind}`} role="status" aria-live="assertive">
      <span className="prompt-kind">{prompt.kind === 'approaching' ? `▶ ${t.approaching}` : `■ ${t.arrived}`}</span>
      <span className="prompt-stop">{name}</span>
      {prompt.kind === 'approaching' && prompt.metresToGo !== null && <span className="prompt-distance">{fill(t.metres, { n: Math.round(prompt.metresToGo) })}</span>}
    </div>
  );
}

function StatusStrip() {
  const { link, gps } = useDriver();
  const linkWord = !link ? '…' : link.link === 'online' ? `● ${t.online}` : link.link === 'connecting' ? `◐ ${t.connecting}` : `○ ${t.offline}`;
  return (
    <footer className="status-strip">
      <span>
        {t.link}: {linkWord}
      </span>
      <span>{link ? fill(t.backlog, { n: link.backlog }) : ''}</span>
      <span>
        {t.gnss}: {gps?.status === 'fix' ? `● ${t.gnssOk}` : `○ ${gps?.status ?? '…'}`}
      </span>
    </footer>
  );
}

/** The driver's second screen: one glance tells the next action; nothing to read while moving. */
export function DriverApp() {
  const offRoute = useDriver((s) => s.offRoute);
  return (
    <div className="driver">
      <main className="driver-main">
        <Prompt />
        {offRoute && (
          <p className="warning off-route" role="alert">
            <span aria-hidden="true">⚠</span> {t.offRoute}
          </p>
        )}
        <GnssWarning />
      </main>
      <StatusStrip />
    </div>
  );
}
