import { useEffect } from 'react';
import { chime } from '../shared/chime.ts';
import { pick } from '../shared/i18n.ts';
import { speak } from '../shared/speech.ts';
import { useResident } from './store.ts';
import { text } from './text.ts';

/** How long a called number stays on screen unless tapped away. */
const shownMs = 20_000;

/**
 * A called number, full screen: flashes a few times, chimes and is read out (by the kiosk unless
 * the bus's speakers already announce it); a tap closes it.
 */
export function CalledOverlay() {
  const { called, lang, onboardSpeaks } = useResident();

  useEffect(() => {
    if (!called) return;
    chime([660, 880, 660]);
    if (!onboardSpeaks) speak(pick(called.text, lang), lang);
    const timer = setTimeout(() => useResident.setState({ called: null }), shownMs);
    return () => clearTimeout(timer);
    // Read out once per call (a recall is a new call with a new `at`), not again on a language switch.
  }, [called?.at]);

  if (!called) return null;
  const t = text[lang];
  return (
    <div className="overlay called" role="alertdialog" aria-modal="true" aria-labelledby="called-number" onClick={() => useResident.setState({ called: null })}>
      <div className="called-panel">
        <p id="called-number" className="called-number" data-testid="called-number">
          {called.number}
        </p>
        <p className="called-text" data-read>
          {pick(called.text, lang)}
        </p>
        <p className="called-close">{t.tapToClose}</p>
      </div>
    </div>
  );
}
