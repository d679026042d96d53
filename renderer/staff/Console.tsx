import { useState } from 'react';
import { fill, pick, type Lang } from '../shared/i18n.ts';
import { Chips } from '../shared/keyboard/Chips.tsx';
import { staff, useStaff, type Ticket } from './store.ts';
import { text } from './text.ts';

const outcomes = ['已办结', '已解答咨询', '材料不全，已告知'];
const handOverNotes = ['需上门办理', '需补交材料后办理'];

function QueueBoard({ lang }: { lang: Lang }) {
  const t = text[lang];
  const { queue, itemNames } = useStaff();
  if (!queue) return null;
  return (
    <section className="board" aria-labelledby="board-waiting">
      <h2 id="board-waiting">
        {t.waiting} ({queue.waiting.length})
      </h2>
      {queue.waiting.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ol className="waiting" data-testid="waiting">
          {queue.waiting.map((w) => (
            <li key={w.id}>
              <strong className="number">{w.number}</strong>
              {w.priority && <span className="badge">{t.priority}</span>}
              <span>{itemNames[w.itemId] ? pick(itemNames[w.itemId]!, lang) : w.itemId}</span>
              <span className="muted">{fill(t.ahead, { n: w.peopleAhead, m: Math.round(w.estimatedWaitMinutes) })}</span>
            </li>
          ))}
        </ol>
      )}
      <h2>{t.called}</h2>
      <p>{queue.called.length === 0 ? t.none : queue.called.map((c) => `${c.number} → ${fill(t.counter, { n: c.counter })}`).join('，')}</p>
      <h2>{t.serving}</h2>
      <p>{queue.serving.length === 0 ? t.none : queue.serving.map((c) => `${c.number} @ ${fill(t.counter, { n: c.counter })}`).join('，')}</p>
    </section>
  );
}

function CurrentTicket({ ticket, lang }: { ticket: Ticket; lang: Lang }) {
  const t = text[lang];
  const busy = useStaff((s) => s.busy);
  const [note, setNote] = useState('');
  const contact = [ticket.nameMasked, ticket.phoneMasked].filter(Boolean).join(' · ');
  return (
    <div className="current-ticket" data-testid="current">
      <p className="current-number">
        {ticket.number} <span className="state">[{t[ticket.state === 'serving' ? 'serving' : 'called']}]</span>
        {ticket.priority && <span className="badge">{t.priority}</span>}
      </p>
      <p className="current-item">{pick(ticket.item.name, lang)}</p>
      <p>
        {t.contact}: <span data-testid="contact">{contact || t.noContact}</span>
      </p>
      {ticket.item.documents.length > 0 && (
        <p>
          {t.bring}: {ticket.item.documents.map((d) => pick(d, lang)).join('、')}
        </p>
      )}
      {ticket.state === 'called' && (
        <div className="actions">
          <button type="button" className="primary" disabled={busy} onClick={() => void staff.start(ticket.id)}>
            {t.start}
          </button>
          <button type="button" disabled={busy || ticket.recalls >= 2} onClick={() => void staff.recall(ticket.id)}>
            {fill(t.recall, { n: ticket.recalls + 1 })}
          </button>
          <button type="button" disabled={busy} onClick={() => void staff.noShow(ticket.id)}>
            {t.noShow}
          </button>
        </div>
      )}
      {ticket.state === 'serving' && (
        <>
          <label className="note">
            {t.outcome} / {t.note}
            <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={800} />
          </label>
          <Chips phrases={[...outcomes, ...handOverNotes]} label={t.outcome} onPick={(p) => setNote((n) => (n ? `${n}；${p}` : p))} />
          <div className="actions">
            <button type="button" className="primary" disabled={busy || !note.trim()} onClick={() => void staff.finish(ticket.id, note.trim())}>
              {t.finish}
            </button>
            <button type="button" disabled={busy || !note.trim()} onClick={() => void staff.handOver(ticket.id, note.trim())}>
              {t.handOver}
            </button>
          </div>
        </>
      )}
    </div>
  );
}

function Stats({ lang }: { lang: Lang }) {
  const t = text[lang];
  const stats = useStaff((s) => s.stats);
  if (!stats) return null;
  const minutes = (n: number | null) => (n === null ? '—' : fill(t.minutes, { n }));
  const rows: [string, string | number][] = [
    [t.taken, stats.taken],
    [t.done, stats.byState.done ?? 0],
    [t.handedOver, stats.byState.handed_over ?? 0],
    [t.noShows, stats.byState.no_show ?? 0],
    [t.avgWait, minutes(stats.averageWaitMinutes)],
    [t.avgService, minutes(stats.averageServiceMinutes)],
    [t.printer, t[`printer_${stats.printer.state}`]],
  ];
  return (
    <section className="stats" aria-labelledby="stats-title">
      <h2 id="stats-title">
        {t.stats} {stats.day}
      </h2>
      <dl data-testid="stats">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The unlocked console: this counter's ticket and its actions, the queue, today's figures. */
export function Console({ lang }: { lang: Lang }) {
  const t = text[lang];
  const { session, counter, current, problem, busy, stats } = useStaff();
  // The counters this bus staffs (config desk.counters); one until the first figures arrive.
  const counters = Array.from({ length: stats?.counters ?? 1 }, (_, i) => i + 1);
  return (
    <div className="console">
      <header className="console-head">
        <h1>{t.title}</h1>
        <div className="counter-pick" role="group" aria-label={t.current}>
          {counters.map((n) => (
            <button type="button" key={n} aria-pressed={counter === n} onClick={() => staff.setCounter(n)}>
              {fill(t.counter, { n })}
            </button>
          ))}
        </div>
        <span className="who">{session?.name}</span>
        <button type="button" onClick={() => void staff.lock()}>
          {t.lock}
        </button>
      </header>
      {problem && (
        <p className="problem" role="alert">
          ⚠ {problem}
        </p>
      )}
      <main className="console-main">
        <section className="current" aria-labelledby="current-title">
          <h2 id="current-title">
            {t.current} · {fill(t.counter, { n: counter })}
          </h2>
          {current ? (
            <CurrentTicket key={current.id} ticket={current} lang={lang} />
          ) : (
            <>
              <p>{t.noCurrent}</p>
              <button type="button" className="primary huge" disabled={busy} onClick={() => void staff.callNext()}>
                {t.callNext}
              </button>
            </>
          )}
        </section>
        <div className="side">
          <QueueBoard lang={lang} />
          <Stats lang={lang} />
        </div>
      </main>
    </div>
  );
}
