import { useState } from 'react';
import type { Lang } from '../shared/i18n.ts';
import { DigitPad } from '../shared/keyboard/DigitPad.tsx';
import { staff, useStaff } from './store.ts';
import { text } from './text.ts';

/** Staff ID and PIN; the PIN is typed on the digit pad and shown as dots only. */
export function LockScreen({ lang }: { lang: Lang }) {
  const t = text[lang];
  const problem = useStaff((s) => s.problem);
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const unlock = async () => {
    if (!(await staff.login(staffId.trim(), pin))) setPin('');
  };
  return (
    <main className="lock">
      <h1>{t.locked}</h1>
      {problem && (
        <p className="problem" role="alert">
          ⚠ {problem}
        </p>
      )}
      <div className="lock-form">
        <div className="lock-fields">
          <label>
            {t.staffId}
            <input value={staffId} onChange={(e) => setStaffId(e.target.value)} autoComplete="off" autoCapitalize="off" spellCheck={false} maxLength={32} />
          </label>
          <span className="label" id="pin-label">
            {t.pin}
          </span>
          <div className="typed-box pin" role="textbox" aria-readonly="true" aria-labelledby="pin-label" data-testid="pin">
            {'●'.repeat(pin.length) || '—'}
          </div>
          <button type="button" className="primary huge" disabled={!staffId.trim() || pin.length < 4} onClick={() => void unlock()}>
            {t.unlock}
          </button>
        </div>
        <DigitPad value={pin} onChange={setPin} lang={lang} maxLength={8} label={t.pin} />
      </div>
    </main>
  );
}
