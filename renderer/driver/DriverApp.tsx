import { Clock } from '../shared/Clock.tsx';
import { ComingStops } from '../shared/ComingStops.tsx';
import { fill, pick } from '../shared/i18n.ts';
import { applyLang, applyLargeText, screenOptions } from '../shared/screen-options.ts';
import { ManualControls } from './ManualControls.tsx';
import { gnssWords, linkWords } from './status-words.ts';
import { tally, useDriver } from './store.ts';
import { text } from './text.ts';

const { lang, large } = screenOptions({ idleS: 0, countdownS: 0 });
applyLang(lang);
applyLargeText(large);
const t = text[lang];

/** A symbol per condition, so the state reads without colour and without words. */
const symbols = { 'slow-down': '▶', 'at-stop': '■', 'next-stop': '→', 'off-route': '⚠', 'gnss-lost': '⚠', locating: '…', 'no-trip': '–' } as const;

/** 300 米 / 1.2 公里: rounded so the figure does not flicker at every fix. */
function distance(metres: number): string {
  return metres < 1000 ? fill(t.metres, { n: Math.max(0, Math.round(metres / 10) * 10) }) : fill(t.km, { n: (Math.round(metres / 100) / 10).toFixed(1) });
}

function Prompt() {
  const prompt = useDriver((s) => s.prompt);
  if (!prompt) return <div className="prompt level-info">…</div>;
  // Heading for a stop: its name and distance as two large items; anything else: the core's wording.
  const stop = (prompt.code === 'next-stop' || prompt.code === 'slow-down') && prompt.nextStop ? prompt.nextStop : null;
  return (
    <div className={`prompt level-${prompt.level} code-${prompt.code}`} role="status" aria-live="assertive" data-code={prompt.code}>
      <span className="prompt-kind">
        <span aria-hidden="true">{symbols[prompt.code]}</span> {t[prompt.code]}
      </span>
      {stop ? (
        <span className="prompt-stop">
          <span className="prompt-text">{pick(stop.name, lang)}</span>
          <span className="prompt-distance">{distance(stop.metresToGo)}</span>
        </span>
      ) : (
        <span className="prompt-text">{pick(prompt.text, lang)}</span>
      )}
    </div>
  );
}

function Queue() {
  const { calling, waiting } = useDriver();
  return (
    <section className="panel queue" aria-label={t.calling}>
      <span className="panel-label">{t.calling}</span>
      <span className="panel-value" data-testid="calling">
        {calling ? calling.number : '—'}
        {calling && <small> → {fill(t.counter, { n: calling.counter })}</small>}
      </span>
      <span className="panel-label">{waiting === null ? '' : fill(t.waiting, { n: waiting })}</span>
    </section>
  );
}

function Ridership() {
  const { occupancy, capacity, tallyProblem } = useDriver();
  return (
    <section className="panel ridership" aria-label={t.onBoard}>
      <span className="panel-label">{t.onBoard}</span>
      <span className="panel-value" data-testid="occupancy">
        {occupancy ?? '…'}
        {capacity ? <small> / {capacity}</small> : null}
      </span>
      <div className="tally">
        <button type="button" className="tally-button" onClick={() => void tally('board')}>
          {t.board}
        </button>
        <button type="button" className="tally-button" onClick={() => void tally('alight')}>
          {t.alight}
        </button>
        <button type="button" className="tally-button minor" onClick={() => void tally('unboard')}>
          {t.unboard}
        </button>
      </div>
      {tallyProblem && <p role="alert">{fill(t.tallyFailed, { reason: tallyProblem })}</p>}
    </section>
  );
}

function StatusStrip() {
  const { link, gps, storageReset } = useDriver();
  const linkState = linkWords(link, t);
  return (
    <footer className="status-strip">
      <span data-testid="link" className={linkState.down ? 'down' : ''}>
        {t.link}: {linkState.text}
      </span>
      <span data-testid="backlog">{link ? fill(t.backlog, { n: link.backlog }) : ''}</span>
      {storageReset && (
        <span data-testid="storage-reset" className="storage-reset" role="status">
          {fill(t.storageReset, { time: new Date(storageReset.at).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' }), n: storageReset.carried })}
        </span>
      )}
      <span data-testid="gnss">
        {t.gnss}: {gnssWords(gps, t).text}
      </span>
    </footer>
  );
}

/** The driver's second screen: one glance tells the next action; nothing to read while moving. */
export function DriverApp() {
  const gpsLost = useDriver((s) => s.prompt?.code === 'gnss-lost' || gnssWords(s.gps, t).lost);
  const arrivals = useDriver((s) => s.arrivals);
  return (
    <div className="driver">
      <main className="driver-main">
        <h1 className="visually-hidden">{lang === 'zh' ? '司机屏' : 'Driver display'}</h1>
        <Prompt />
        <aside className="driver-side">
          <Clock lang={lang} className="driver-clock" />
          <ComingStops arrivals={arrivals} lang={lang} />
        </aside>
        <ManualControls t={t} lang={lang} urgent={gpsLost} />
        <Queue />
        <Ridership />
      </main>
      <StatusStrip />
    </div>
  );
}
