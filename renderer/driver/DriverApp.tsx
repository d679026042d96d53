import { fill, pick } from '../shared/i18n.ts';
import { screenOptions } from '../shared/screen-options.ts';
import { tally, useDriver } from './store.ts';
import { text } from './text.ts';

const { lang } = screenOptions({ idleS: 0, countdownS: 0 });
const t = text[lang];

/** A symbol per condition, so the state reads without colour and without words. */
const symbols = { 'slow-down': '▶', 'at-stop': '■', 'next-stop': '→', 'off-route': '⚠', 'gnss-lost': '⚠', locating: '…', 'no-trip': '–' } as const;

function Prompt() {
  const prompt = useDriver((s) => s.prompt);
  if (!prompt) return <div className="prompt level-info">…</div>;
  return (
    <div className={`prompt level-${prompt.level} code-${prompt.code}`} role="status" aria-live="assertive" data-code={prompt.code}>
      <span className="prompt-kind">
        <span aria-hidden="true">{symbols[prompt.code]}</span> {t[prompt.code]}
      </span>
      <span className="prompt-text">{pick(prompt.text, lang)}</span>
    </div>
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
  const { link, gps } = useDriver();
  const linkWord = !link ? '…' : link.link === 'online' ? `● ${t.online}` : link.link === 'connecting' ? `◐ ${t.connecting}` : `○ ${t.offline}`;
  return (
    <footer className="status-strip">
      <span data-testid="link">
        {t.link}: {linkWord}
      </span>
      <span data-testid="backlog">{link ? fill(t.backlog, { n: link.backlog }) : ''}</span>
      <span>
        {t.gnss}: {gps?.status === 'fix' ? `● ${t.gnssOk}` : `○ ${gps?.status ?? '…'}`}
      </span>
    </footer>
  );
}

/** The driver's second screen: one glance tells the next action; nothing to read while moving. */
export function DriverApp() {
  return (
    <div className="driver">
      <main className="driver-main">
        <h1 className="visually-hidden">{lang === 'zh' ? '司机屏' : 'Driver display'}</h1>
        <Prompt />
        <Ridership />
      </main>
      <StatusStrip />
    </div>
  );
}
