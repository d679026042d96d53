import { useIdleReset } from '../shared/idle.ts';
import { IdleCountdown } from './IdleCountdown.tsx';
import { actions, useResident } from './store.ts';
import { TopBar } from './TopBar.tsx';
import { Comment } from './views/Comment.tsx';
import { Home } from './views/Home.tsx';
import { ProgressView } from './views/Progress.tsx';

/** The resident kiosk: one view at a time, an idle reset guarding whatever a resident typed. */
export function ResidentApp() {
  const { view, session, lang, idleMs, countdownMs } = useResident();
  const idle = useIdleReset({ enabled: view !== 'home', idleMs, countdownMs, onReset: actions.resetSession });
  return (
    <div className="kiosk">
      <TopBar />
      <main key={session} className={`view view-${view}`}>
        {view === 'home' && <Home />}
        {view === 'comment' && <Comment lang={lang} />}
        {view === 'progress' && <ProgressView lang={lang} />}
      </main>
      {idle.phase === 'countdown' && <IdleCountdown remainingS={idle.remainingS} lang={lang} />}
    </div>
  );
}
