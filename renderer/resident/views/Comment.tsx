import { useEffect, useState } from 'react';
import { call, type ApiOutput } from '../api.ts';
import { dictionary, fill, pick, type Lang } from '../../shared/i18n.ts';
import { DigitPad } from '../../shared/keyboard/DigitPad.tsx';
import { PinyinKeyboard } from '../../shared/keyboard/PinyinKeyboard.tsx';
import { calendarDay } from '../calendar-day.ts';
import { actions } from '../store.ts';
import { problemText } from '../problems.ts';
import { useAction } from '../useAction.ts';
import { Compose, TypedField } from './Compose.tsx';
import { Choices, Problem, Step } from './Step.tsx';

type Catalogue = ApiOutput<'feedbackCategories'>;
type Category = Catalogue['categories'][number];
type Submitted = Extract<ApiOutput<'feedbackSubmit'>, { ok: true }>['value'];

const words = dictionary(
  {
    pickCategory: '您想说什么？',
    compose: '请选择或输入您想说的话',
    phrases: '常用语（可多选）',
    typed: '您输入的内容',
    typeHere: '点下面的键盘输入，也可以只选常用语',
    next: '下一步',
    contact: '留个电话方便回复您（可不填）',
    phone: '电话号码',
    skip: '不留电话，直接提交',
    submit: '提交',
    done: '已收到，谢谢您！',
    reference: '您的查询码',
    keep: '请记下查询码，以后点“查进度”输入它，就能看到社区的回复。',
    printed: '查询码已打印，请取走小票',
    meeting: '这个议题将在 {day} 的居民议事会上讨论。',
    masked: '为保护隐私，内容中的电话、证件号已隐去。',
    finish: '完成',
    yourText: '您说的话',
  },
  {
    pickCategory: 'What would you like to tell us?',
    compose: 'Pick phrases or type what you want to say',
    phrases: 'Quick phrases (pick any)',
    typed: 'Your words',
    typeHere: 'Type with the keyboard below, or just pick phrases',
    next: 'Next',
    contact: 'A phone number for our reply (optional)',
    phone: 'Phone number',
    skip: 'Send without a number',
    submit: 'Send',
    done: 'Received, thank you!',
    reference: 'Your reference code',
    keep: 'Keep this code: enter it under “Check progress” to see the community’s reply.',
    printed: 'The code is printed: please take the slip',
    meeting: 'This topic goes to the residents’ meeting on {day}.',
    masked: 'Phone and ID numbers in your text were hidden to protect your privacy.',
    finish: 'Done',
    yourText: 'What you said',
  },
);

type StepName = 'category' | 'compose' | 'contact' | 'done';

/** 说两句: category → phrases and/or typed words → optional phone → reference code. */
export function Comment({ lang }: { lang: Lang }) {
  const w = words[lang];
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [step, setStep] = useState<StepName>('category');
  const [category, setCategory] = useState<Category | null>(null);
  const [phraseIds, setPhraseIds] = useState<string[]>([]);
  const [typed, setTyped] = useState('');
  const [phone, setPhone] = useState('');
  const [sent, setSent] = useState<Submitted | null>(null);
  const { problem, setProblem, busy, run } = useAction(lang);
  const [hasPrinter, setHasPrinter] = useState(false);

  useEffect(() => {
    void call('feedbackCategories').then(setCatalogue, (e: Error) => setProblem(problemText(e, lang)));
    void call('deskStats').then((stats) => setHasPrinter(stats.printer.state !== 'disabled'));
  }, []);

  const submit = async (withPhone: boolean) => {
    if (!category) return;
    await run(
      () => call('feedbackSubmit', { category: category.id, phraseIds, text: typed, print: hasPrinter, ...(withPhone && phone ? { contact: phone } : {}) }),
      (value) => {
        setSent(value);
        setStep('done');
      },
    );
  };

  if (step === 'category' || !category) {
    return (
      <Step title={w.pickCategory} lang={lang}>
        <Problem message={problem} />
        {catalogue && (
          <Choices
            items={catalogue.categories.map((c) => ({ id: c.id, label: pick(c.label, lang) }))}
            onPick={(id) => {
              setCategory(catalogue.categories.find((c) => c.id === id) ?? null);
              setPhraseIds([]);
              setStep('compose');
            }}
          />
        )}
      </Step>
    );
  }

  if (step === 'compose') {
    const toggle = (id: string) => setPhraseIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));
    return (
      <Step title={`${pick(category.label, lang)} · ${w.compose}`} lang={lang} onBack={() => setStep('category')} wide>
        <Compose
          field={<TypedField id="typed-label" label={w.typed} value={typed} placeholder={w.typeHere} testId="comment-text" />}
          action={
            <button type="button" className="primary huge" disabled={typed.trim() === '' && phraseIds.length === 0} onClick={() => setStep('contact')}>
              {w.next} ›
            </button>
          }
          side={
            <>
              <span className="label">{w.phrases}</span>
              <div className="chips" role="group" aria-label={w.phrases}>
                {category.phrases.map((p) => (
                  <button type="button" key={p.id} className="chip" aria-pressed={phraseIds.includes(p.id)} onClick={() => toggle(p.id)}>
                    {phraseIds.includes(p.id) ? '✓ ' : ''}
                    {pick(p, lang)}
                  </button>
                ))}
              </div>
            </>
          }
          keyboard={<PinyinKeyboard value={typed} onChange={setTyped} lang={lang} maxLength={catalogue?.maxTextCodePoints ?? 500} />}
        />
      </Step>
    );
  }

  if (step === 'contact') {
    return (
      <Step title={w.contact} lang={lang} onBack={() => setStep('compose')}>
        <Problem message={problem} />
        <div className="contact">
          <div>
            <span className="label" id="phone-label">
              {w.phone}
            </span>
            <div className="typed-box phone" role="textbox" aria-readonly="true" aria-labelledby="phone-label" data-testid="phone">
              {phone || '—'}
            </div>
            <div className="actions">
              <button type="button" className="primary huge" disabled={busy || phone.length < 5} onClick={() => void submit(true)}>
                {w.submit}
              </button>
              <button type="button" className="huge" disabled={busy} onClick={() => void submit(false)}>
                {w.skip}
              </button>
            </div>
          </div>
          <DigitPad value={phone} onChange={setPhone} lang={lang} maxLength={15} label={w.phone} />
        </div>
      </Step>
    );
  }

  return (
    <Step title={w.done} lang={lang}>
      {sent && (
        <div className="receipt" data-read>
          <span className="label">{w.reference}</span>
          <p className="big-result" data-testid="reference">
            {sent.reference}
          </p>
          <p>{w.keep}</p>
          {sent.printed && <p data-testid="reference-printed">{w.printed}</p>}
          {sent.meetingDay && <p>{fill(w.meeting, { day: calendarDay(sent.meetingDay, lang) })}</p>}
          {sent.text && (
            <>
              <span className="label">{w.yourText}</span>
              <p className="resident-text">{sent.text}</p>
            </>
          )}
          {sent.masked && <p>{w.masked}</p>}
        </div>
      )}
      <button type="button" className="primary huge" onClick={() => actions.show('home')}>
        {w.finish}
      </button>
    </Step>
  );
}
