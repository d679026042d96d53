import { useState } from 'react';
import { call, type ApiOutput } from '../api.ts';
import { dictionary, pick, type Lang } from '../../shared/i18n.ts';
import { CodePad } from '../../shared/keyboard/CodePad.tsx';
import { actions } from '../store.ts';
import { problemText } from '../problems.ts';
import { useAction } from '../useAction.ts';
import { Choices, Problem, Step } from './Step.tsx';

type Options = Extract<ApiOutput<'ratingOptions'>, { ok: true }>['value'];
type Level = Options['levels'][number]['id'];

const words = dictionary(
  {
    number: '评价：请输入您的号码（号票上的号码，如 B003）或办件编号',
    numberLabel: '号码',
    code: '请输入号票上的凭证码',
    codeLabel: '凭证码',
    wrongCode: '号码和凭证码不符，请核对号票后再试',
    look: '下一步',
    notFound: '今天没有这个号码，请核对后再试',
    notYet: '这个号码的服务还没有结束，办完后再来评价吧',
    already: '这次服务已经评价过了，谢谢您',
    level: '您对这次服务满意吗？',
    reasons: '哪里不满意？（可多选，也可不选）',
    submit: '提交评价',
    thanks: '谢谢您的评价！',
    followUp: '社区会尽快跟进您反映的问题。',
    finish: '完成',
  },
  {
    number: 'Rate us: enter your number (on your ticket, e.g. B003) or case reference',
    numberLabel: 'Number',
    code: 'Enter the code printed on your ticket',
    codeLabel: 'Code',
    wrongCode: 'The number and code do not match; please check your ticket',
    look: 'Next',
    notFound: 'No such number today; please check it and try again',
    notYet: 'This visit is not finished yet; rate it once you are done',
    already: 'This visit has been rated already, thank you',
    level: 'How satisfied are you with this visit?',
    reasons: 'What went wrong? (pick any, or none)',
    submit: 'Send rating',
    thanks: 'Thank you for your rating!',
    followUp: 'The community will follow up on what you told us.',
    finish: 'Done',
  },
);

type StepName = 'number' | 'code' | 'level' | 'reasons' | 'done';

const ticketNumber = /^[A-Z]\d{3,4}$/;
const caseReference = /^[0-9A-Z]{8}$/;

/** 评价: the ticket number (or case reference) → the ticket's code → one of the five 好差评 levels → reasons for a low one → thanks. */
export function Rating({ lang }: { lang: Lang }) {
  const w = words[lang];
  const [step, setStep] = useState<StepName>('number');
  const [number, setNumber] = useState('');
  const [secret, setSecret] = useState('');
  const [ticket, setTicket] = useState<{ number: string; visit: { number: string } | { reference: string } } | null>(null);
  const [options, setOptions] = useState<Options | null>(null);
  const [level, setLevel] = useState<Level | null>(null);
  const [reasons, setReasons] = useState<string[]>([]);
  const [followUp, setFollowUp] = useState(false);
  const { problem, setProblem, run } = useAction(lang);

  const lookUp = async () => {
    setProblem(null);
    try {
      const visit = ticketNumber.test(number) ? { number } : { reference: number };
      const found = await call('deskTicket', visit);
      if (!found.ok) return setProblem(w.notFound);
      const offered = await call('ratingOptions', { ...visit, secret });
      if (!offered.ok) return setProblem(offered.error.code === 'wrong-secret' ? w.wrongCode : problemText(offered.error, lang));
      if (!offered.value.canRate) return setProblem(found.value.state === 'done' || found.value.state === 'handed_over' ? w.already : w.notYet);
      setTicket({ number: found.value.number, visit });
      setOptions(offered.value);
      setStep('level');
    } catch (e) {
      setProblem(problemText(e as Error, lang));
    }
  };

  const submit = async (chosen: Level, why: string[]) => {
    if (!ticket) return;
    await run(
      () => call('ratingSubmit', { ...ticket.visit, secret, level: chosen, ...(why.length ? { reasons: why } : {}) }),
      (value) => {
        setFollowUp(value.followUp);
        setStep('done');
      },
    );
  };

  /** One typed code on the code pad: the number first, then the ticket's secret. */
  const entry = (name: 'number' | 'secret', value: string, set: (v: string) => void, ready: boolean, next: () => void) => (
    <div className="contact">
      <div>
        <span className="label" id={`${name}-label`}>
          {name === 'number' ? w.numberLabel : w.codeLabel}
        </span>
        <div className="typed-box phone" role="textbox" aria-readonly="true" aria-labelledby={`${name}-label`} data-testid={`ticket-${name}-input`}>
          {value || '—'}
        </div>
        <button type="button" className="primary huge" disabled={!ready} onClick={next}>
          {w.look}
        </button>
      </div>
      <CodePad value={value} onChange={set} lang={lang} maxLength={name === 'number' ? 8 : 6} label={name === 'number' ? w.numberLabel : w.codeLabel} />
    </div>
  );

  if (step === 'code') {
    return (
      <Step title={w.code} lang={lang} onBack={() => setStep('number')}>
        <Problem message={problem} />
        {entry('secret', secret, setSecret, secret.length === 6, () => void lookUp())}
      </Step>
    );
  }

  if (step === 'number' || !options || !ticket) {
    return (
      <Step title={w.number} lang={lang}>
        <Problem message={problem} />
        {entry('number', number, setNumber, ticketNumber.test(number) || caseReference.test(number), () => setStep('code'))}
      </Step>
    );
  }

  if (step === 'level') {
    return (
      <Step title={`${ticket.number} · ${w.level}`} lang={lang} onBack={() => setStep('number')}>
        <Problem message={problem} />
        <Choices
          items={options.levels.map((l) => ({ id: l.id, label: pick(l.label, lang) }))}
          onPick={(id) => {
            setLevel(id);
            if (options.levels.find((l) => l.id === id)?.followUp) setStep('reasons');
            else void submit(id, []);
          }}
        />
      </Step>
    );
  }

  if (step === 'reasons' && level) {
    const toggle = (id: string) => setReasons((r) => (r.includes(id) ? r.filter((x) => x !== id) : [...r, id]));
    return (
      <Step title={w.reasons} lang={lang} onBack={() => setStep('level')}>
        <Problem message={problem} />
        <Choices items={options.lowReasons.map((r) => ({ id: r.id, label: pick(r, lang) }))} onPick={toggle} selectedMany={reasons} />
        <button type="button" className="primary huge" onClick={() => void submit(level, reasons)}>
          {w.submit}
        </button>
      </Step>
    );
  }

  return (
    <Step title={w.thanks} lang={lang}>
      {followUp && <p data-read>{w.followUp}</p>}
      <button type="button" className="primary huge" onClick={() => actions.show('home')}>
        {w.finish}
      </button>
    </Step>
  );
}
