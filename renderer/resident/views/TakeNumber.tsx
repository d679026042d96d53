import { useEffect, useState } from 'react';
import { call, type ApiOutput } from '../api.ts';
import { dictionary, fill, pick, type Lang } from '../../shared/i18n.ts';
import { Chips } from '../../shared/keyboard/Chips.tsx';
import { DigitPad } from '../../shared/keyboard/DigitPad.tsx';
import { PinyinKeyboard } from '../../shared/keyboard/PinyinKeyboard.tsx';
import { actions } from '../store.ts';
import { problemText } from '../problems.ts';
import { useAction } from '../useAction.ts';
import { CancelTicket } from './CancelTicket.tsx';
import { Compose, TypedField } from './Compose.tsx';
import { serviceTime, waitLines } from './queue-words.ts';
import { Choices, Problem, Step } from './Step.tsx';

type Catalogue = ApiOutput<'deskCatalogue'>;
type Category = Catalogue['categories'][number];
type Item = Category['items'][number];
type Taken = Extract<ApiOutput<'deskTakeTicket'>, { ok: true }>['value'];
type Priority = 'elderly' | 'disabled' | 'pregnant' | 'none';

const words = dictionary(
  {
    category: '您要办理哪一类事情？',
    item: '具体办理什么？',
    priority: '您是否属于以下情况？（可优先办理）',
    elderly: '70 岁以上老人',
    disabled: '残疾人',
    pregnant: '孕妇',
    none: '都不是',
    name: '留个称呼（可不填）',
    nameHint: '可以只写姓，如“王女士”',
    nameLabel: '称呼',
    phone: '留个电话，叫号时方便联系（可不填）',
    phoneLabel: '电话号码',
    next: '下一步',
    skip: '跳过',
    take: '取号',
    yourNumber: '您的号码',
    cancel: '取消这个号',
    cancelled: '{number} 号已取消',
    cancelledBody: '需要时可以重新取号。',
    bring: '请准备以下材料',
    nothingToBring: '无需准备材料',
    printed: '号票已打印，请取走',
    secret: '凭证码（取消或评价时用，请勿告诉他人）',
    notPrinted: '号票没有打印出来，请记下号码',
    listen: '叫到您的号码时，屏幕会显示并语音播报。',
    finish: '完成',
  },
  {
    category: 'What do you need?',
    item: 'Which service exactly?',
    priority: 'Does one of these apply to you? (served first)',
    elderly: 'Aged 70 or over',
    disabled: 'Disability',
    pregnant: 'Pregnant',
    none: 'None of these',
    name: 'How should we call you? (optional)',
    nameHint: 'A surname is enough, e.g. 王女士',
    nameLabel: 'Name',
    phone: 'A phone number to reach you (optional)',
    phoneLabel: 'Phone number',
    next: 'Next',
    skip: 'Skip',
    take: 'Take a number',
    yourNumber: 'Your number',
    cancel: 'Cancel this number',
    cancelled: 'Number {number} is cancelled',
    cancelledBody: 'You can take a new number whenever you need one.',
    bring: 'Please have these ready',
    nothingToBring: 'Nothing to bring',
    printed: 'Your ticket is printed: please take it',
    secret: 'Your code (to cancel or rate; keep it private)',
    notPrinted: 'The ticket could not be printed: please note your number',
    listen: 'When your number is called it shows on screen and is read out.',
    finish: 'Done',
  },
);

const nameChips = { zh: ['先生', '女士', '阿姨', '大爷'], en: ['先生', '女士'] };

type StepName = 'category' | 'item' | 'priority' | 'name' | 'phone' | 'ticket' | 'cancel' | 'cancelled';

/** 取号: category → item → priority question → optional name and phone → the ticket. */
export function TakeNumber({ lang }: { lang: Lang }) {
  const w = words[lang];
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [step, setStep] = useState<StepName>('category');
  const [category, setCategory] = useState<Category | null>(null);
  const [item, setItem] = useState<Item | null>(null);
  const [priority, setPriority] = useState<Priority>('none');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [taken, setTaken] = useState<Taken | null>(null);
  const { problem, setProblem, busy, run } = useAction(lang);
  const [hasPrinter, setHasPrinter] = useState(false);

  useEffect(() => {
    void call('deskCatalogue').then(setCatalogue, (e: Error) => setProblem(problemText(e, lang)));
    void call('deskStats').then((stats) => setHasPrinter(stats.printer.state !== 'disabled'));
  }, []);

  const take = async () => {
    if (!item) return;
    await run(
      () =>
        call('deskTakeTicket', {
          itemId: item.id,
          print: hasPrinter,
          ...(priority === 'none' ? {} : { priority }),
          ...(name.trim() ? { name: name.trim() } : {}),
          ...(phone ? { phone } : {}),
        }),
      (value) => {
        setTaken(value);
        setStep('ticket');
      },
    );
  };

  if (step === 'category' || !category) {
    return (
      <Step title={w.category} lang={lang}>
        <Problem message={problem} />
        {catalogue && (
          <Choices
            items={catalogue.categories.map((c) => ({ id: c.id, label: pick(c.name, lang), hint: c.items.map((i) => pick(i.name, lang)).slice(0, 2).join('、') + '…' }))}
            onPick={(id) => {
              setCategory(catalogue.categories.find((c) => c.id === id) ?? null);
              setStep('item');
            }}
          />
        )}
      </Step>
    );
  }

  if (step === 'item' || !item) {
    return (
      <Step title={`${pick(category.name, lang)} · ${w.item}`} lang={lang} onBack={() => setStep('category')}>
        <Choices
          items={category.items.map((i) => ({ id: i.id, label: pick(i.name, lang), hint: serviceTime(i.serviceMinutes, lang) }))}
          onPick={(id) => {
            setItem(category.items.find((i) => i.id === id) ?? null);
            setStep('priority');
          }}
        />
      </Step>
    );
  }

  if (step === 'priority') {
    const choices: { id: Priority; label: string }[] = [
      { id: 'elderly', label: w.elderly },
      { id: 'disabled', label: w.disabled },
      { id: 'pregnant', label: w.pregnant },
      { id: 'none', label: w.none },
    ];
    return (
      <Step title={w.priority} lang={lang} onBack={() => setStep('item')}>
        <Choices
          items={choices}
          onPick={(id) => {
            setPriority(id);
            setStep('name');
          }}
        />
      </Step>
    );
  }

  if (step === 'name') {
    return (
      <Step title={w.name} lang={lang} onBack={() => setStep('priority')} wide>
        <Compose
          field={<TypedField id="name-label" label={w.nameLabel} value={name} placeholder={w.nameHint} testId="name" />}
          action={
            <button type="button" className="primary huge" onClick={() => setStep('phone')}>
              {name ? w.next : w.skip} ›
            </button>
          }
          side={<Chips phrases={nameChips[lang]} onPick={(p) => setName((n) => (n + p).slice(0, 20))} label={w.nameLabel} />}
          keyboard={<PinyinKeyboard value={name} onChange={setName} lang={lang} maxLength={20} />}
        />
      </Step>
    );
  }

  if (step === 'phone' || !taken) {
    return (
      <Step title={w.phone} lang={lang} onBack={() => setStep('name')}>
        <Problem message={problem} />
        <div className="contact">
          <div>
            <span className="label" id="phone-label">
              {w.phoneLabel}
            </span>
            <div className="typed-box phone" role="textbox" aria-readonly="true" aria-labelledby="phone-label" data-testid="phone">
              {phone || '—'}
            </div>
            <button type="button" className="primary huge" disabled={busy} onClick={() => void take()}>
              {w.take}
            </button>
          </div>
          <DigitPad value={phone} onChange={setPhone} lang={lang} maxLength={15} label={w.phoneLabel} />
        </div>
      </Step>
    );
  }

  const ticket = taken.ticket;
  if (step === 'cancel') {
    return <CancelTicket number={ticket.number} secret={taken.secret} lang={lang} onCancelled={() => setStep('cancelled')} onBack={() => setStep('ticket')} />;
  }
  if (step === 'cancelled') {
    return (
      <Step title={fill(w.cancelled, { number: ticket.number })} lang={lang}>
        <p data-read>{w.cancelledBody}</p>
        <button type="button" className="primary huge" onClick={() => actions.show('home')}>
          {w.finish}
        </button>
      </Step>
    );
  }
  return (
    <Step title={w.yourNumber} lang={lang}>
      <div className="ticket" data-read>
        <div className="ticket-main">
          <p className="big-result ticket-number" data-testid="ticket-number">
            {ticket.number}
          </p>
          <p className="ticket-item">{pick(ticket.item.name, lang)}</p>
          {waitLines(ticket.peopleAhead, ticket.estimatedWaitMinutes, lang).map((line) => (
            <p className="ticket-wait" key={line}>
              {line}
            </p>
          ))}
        </div>
        <div className="ticket-side">
          <span className="label">{w.bring}</span>
          {ticket.item.documents.length === 0 ? (
            <p>{w.nothingToBring}</p>
          ) : (
            <ul className="documents">
              {ticket.item.documents.map((d) => (
                <li key={d.zh}>{pick(d, lang)}</li>
              ))}
            </ul>
          )}
          <span className="label">{w.secret}</span>
          <p className="ticket-secret" data-testid="ticket-secret">
            {taken.secret}
          </p>
          {taken.printed ? <p>{w.printed}</p> : taken.printError ? <p>{w.notPrinted}</p> : null}
          <p>{w.listen}</p>
        </div>
      </div>
      <div className="actions">
        <button type="button" className="primary huge" onClick={() => actions.show('home')}>
          {w.finish}
        </button>
        <button type="button" className="huge" onClick={() => setStep('cancel')}>
          {w.cancel}
        </button>
      </div>
    </Step>
  );
}
