import { useState } from 'react';
import { call } from '../api.ts';
import { dictionary, fill, type Lang } from '../../shared/i18n.ts';
import { CodePad } from '../../shared/keyboard/CodePad.tsx';
import { problemText } from '../problems.ts';
import { useAction } from '../useAction.ts';
import { Problem, Step } from './Step.tsx';

const words = dictionary(
  {
    confirm: '确定要取消 {number} 号吗？',
    askCode: '取消 {number} 号：请输入号票上的凭证码',
    codeLabel: '凭证码',
    yes: '确定取消',
    no: '不取消',
    wrongCode: '号码和凭证码不符，请核对号票后再试',
    tooLate: '这个号已经在办理或已结束，不能取消了',
  },
  {
    confirm: 'Cancel number {number}?',
    askCode: 'Cancel number {number}: enter the code printed on your ticket',
    codeLabel: 'Code',
    yes: 'Yes, cancel it',
    no: 'Keep my number',
    wrongCode: 'The number and code do not match; please check your ticket',
    tooLate: 'This number is being served or finished and can no longer be cancelled',
  },
);

/**
 * Giving up a number: only its holder may (the API asks for the ticket's secret). On the ticket
 * screen the secret is known and one confirming tap does it; elsewhere it is typed from the paper.
 */
export function CancelTicket(props: { number: string; secret?: string; lang: Lang; onCancelled: () => void; onBack: () => void }) {
  const { number, lang, onCancelled, onBack } = props;
  const w = words[lang];
  const [code, setCode] = useState('');
  const secret = props.secret ?? code;
  const { problem, setProblem } = useAction(lang);
  const [sending, setSending] = useState(false);

  const cancel = async () => {
    setSending(true);
    setProblem(null);
    try {
      const result = await call('deskCancel', { number, secret });
      if (result.ok) return onCancelled();
      const code = result.error.code;
      setProblem(code === 'wrong-secret' ? w.wrongCode : code === 'illegal-transition' ? w.tooLate : problemText(result.error, lang));
    } catch (e) {
      setProblem(problemText(e as Error, lang));
    } finally {
      setSending(false);
    }
  };

  const buttons = (
    <div className="actions">
      <button type="button" className="primary huge" disabled={sending || secret.length !== 6} onClick={() => void cancel()}>
        {w.yes}
      </button>
      <button type="button" className="huge" onClick={onBack}>
        {w.no}
      </button>
    </div>
  );

  if (props.secret !== undefined) {
    return (
      <Step title={fill(w.confirm, { number })} lang={lang}>
        <Problem message={problem} />
        {buttons}
      </Step>
    );
  }
  return (
    <Step title={fill(w.askCode, { number })} lang={lang} onBack={onBack}>
      <Problem message={problem} />
      <div className="contact">
        <div>
          <span className="label" id="cancel-code-label">
            {w.codeLabel}
          </span>
          <div className="typed-box phone" role="textbox" aria-readonly="true" aria-labelledby="cancel-code-label" data-testid="cancel-code">
            {code || '—'}
          </div>
          {buttons}
        </div>
        <CodePad value={code} onChange={setCode} lang={lang} maxLength={6} label={w.codeLabel} />
      </div>
    </Step>
  );
}
