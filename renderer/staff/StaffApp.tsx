import { useIdleReset } from '../shared/idle.ts';
import { fill } from '../shared/i18n.ts';
import { screenOptions } from '../shared/screen-options.ts';
import { Console } from './Console.tsx';
import { LockScreen } from './LockScreen.tsx';
import { staff, useStaff } from './store.ts';
import { text } from './text.ts';

const options = screenOptions({ idleS: 5 * 60, countdownS: 15 });

/** The staff console: locked until a staff ID and PIN, and locks itself again when left alone. */
export function StaffApp() {
  const session = useStaff((s) => s.session);
  const t = text[options.lang];
  const idle = useIdleReset({ enabled: session !== null, idleMs: options.idleMs, countdownMs: options.countdownMs, onReset: () => void staff.lock() });
  if (!session) return <LockScreen lang={options.lang} />;
  return (
    <>
      <Console lang={options.lang} />
      {idle.phase === 'countdown' && (
        <div className="overlay" role="alertdialog" aria-modal="true" aria-labelledby="lock-title">
          <div className="panel">
            <h2 id="lock-title">{t.idleTitle}</h2>
            <p>{fill(t.idleBody, { n: idle.remainingS })}</p>
            <button type="button" className="primary huge">
              {t.keepGoing}
            </button>
          </div>
        </div>
      )}
    </>
  );
}
