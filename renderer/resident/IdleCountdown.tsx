import { fill } from '../shared/i18n.ts';
import { text } from './text.ts';
import type { Lang } from '../shared/i18n.ts';

/** The last chance before an idle reset: one large button; any touch anywhere also keeps the session. */
export function IdleCountdown({ remainingS, lang }: { remainingS: number; lang: Lang }) {
  const t = text[lang];
  return (
    <div className="overlay idle" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-body">
      <div className="panel">
        <h2 id="idle-title">{t.idleTitle}</h2>
        <p id="idle-body" className="countdown">
          {fill(t.idleBody, { n: remainingS })}
        </p>
        {/* Any touch restarts the idle wait (useIdleReset listens on the document); the button is the obvious place to touch. */}
        <button type="button" className="primary huge" autoFocus>
          {t.keepGoing}
        </button>
      </div>
    </div>
  );
}
