import { useIdleReset } from '../shared/idle.ts';
import { CalledOverlay } from './CalledOverlay.tsx';
import { IdleCountdown } from './IdleCountdown.tsx';
import { actions, useResident } from './store.ts';
import { TopBar } from './TopBar.tsx';
import { Comment } from './views/Comment.tsx';
import { Handbook } from './views/Handbook.tsx';
import { Home } from './views/Home.tsx';
import { ProgressView } from './views/Progress.tsx';
import { Rating } from './views/Rating.tsx';
import { TakeNumber } from './views/TakeNumber.tsx';

/** The resident kiosk: one view at a time, an idle reset guarding whatever a resident typed. */
export function ResidentApp() {
  const { view, session, lang, idleMs, countdownMs } = useResident();
  const idle = useIdleReset({ enabled: view !== 'home', idleMs, countdownMs, onReset: actions.resetSession });
  return (
    <div className="kiosk">
      <TopBar />
      <main key={session} className={`view view-${view}`}>
        {view === 'home' && <Home />}
        {view === 'take' && <TakeNumber lang={lang} />}
        {view === 'handbook' && <Handbook lang={lang} />}
        {view === 'comment' && <Comment lang={lang} />}
        {view === 'rating' && <Rating lang={lang} />}
        {view === 'progress' && <ProgressView lang={lang} />}
      </main>
      {idle.phase === 'countdown' && <IdleCountdown remainingS={idle.remainingS} lang={lang} />}
      <CalledOverlay />
    </div>
  );
}
