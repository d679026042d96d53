import { useEffect, useState } from 'react';
import { call, type ApiOutput } from '../api.ts';
import { dictionary, fill, pick, type Lang } from '../../shared/i18n.ts';
import { beijingDateTime } from '../../shared/beijing-time.ts';
import { calendarDay as day } from '../calendar-day.ts';
import { CodePad } from '../../shared/keyboard/CodePad.tsx';
import { actions, useResident } from '../store.ts';
import { problemText } from '../problems.ts';
import { CancelTicket } from './CancelTicket.tsx';
import { Paged } from './Paged.tsx';
import { waitLines } from './queue-words.ts';
import { Problem, Step } from './Step.tsx';

type Progress = Extract<ApiOutput<'feedbackLookup'>, { ok: true }>['value'];
type Ticket = Extract<ApiOutput<'deskTicket'>, { ok: true }>['value'];

/** Ticket numbers are a category letter and three or four digits (B003); anything else is a reference code. */
const ticketNumber = /^[A-Z]\d{3,4}$/;
/** A handed-over case's lasting reference: 8 symbols (a comment's code has 6). */
const caseReference = /^[0-9A-Z]{8}$/;

const words = dictionary(
  {
    title: '查进度：请输入查询码或号码',
    code: '查询码或号码',
    referenceTitle: '查询码 {code}',
    ticket: '号码 {number}',
    ticketNotFound: '今天没有这个号码，请核对后再试',
    caseNotFound: '没有这个办件编号，请核对后再试',
    caseRef: '办件编号 {code}',
    handedOver: '（已转交社区）',
    cancel: '取消这个号',
    goTo: '请到 {counter} 号窗口',
    due: '已转交社区办理，将于 {day} 前答复您',
    t_waiting: '等候中',
    t_called: '已叫号',
    t_serving: '办理中',
    t_done: '已办结',
    t_no_show: '过号',
    t_cancelled: '已取消',
    t_handed_over: '已转交社区',
    t_expired: '已过期',
    look: '查询',
    notFound: '没有找到这个查询码，请核对后再试',
    invalid: '查询码是 6 位字母和数字',
    status: '办理状态',
    reply: '社区回复',
    noReply: '还没有回复，社区会在规定时间内答复您。',
    yourText: '您说的话',
    submitted: '提交时间',
    colon: '：',
    meeting: '议事会日期',
    again: '再查一个',
    finish: '完成',
    received: '已收到',
    accepted: '已受理',
    'in-progress': '办理中',
    answered: '已答复',
    closed: '已办结',
  },
  {
    title: 'Check progress: enter your code or number',
    code: 'Reference code or number',
    referenceTitle: 'Reference {code}',
    ticket: 'Number {number}',
    ticketNotFound: 'No such number today; please check it and try again',
    caseNotFound: 'No case with this reference; please check it and try again',
    caseRef: 'Case reference {code}',
    handedOver: ' (handed to the community office)',
    cancel: 'Cancel this number',
    goTo: 'Please go to counter {counter}',
    due: 'Handed to the community office; you will hear back by {day}',
    t_waiting: 'Waiting',
    t_called: 'Called',
    t_serving: 'Being served',
    t_done: 'Done',
    t_no_show: 'Missed',
    t_cancelled: 'Cancelled',
    t_handed_over: 'Handed over',
    t_expired: 'Expired',
    look: 'Look up',
    notFound: 'No such code on this bus; please check it and try again',
    invalid: 'A reference code has 6 letters and digits',
    status: 'Status',
    reply: 'Reply from the community',
    noReply: 'No reply yet; the community will answer within the promised time.',
    yourText: 'What you said',
    submitted: 'Sent',
    colon: ': ',
    meeting: 'Meeting day',
    again: 'Look up another',
    finish: 'Done',
    received: 'Received',
    accepted: 'Accepted',
    'in-progress': 'In progress',
    answered: 'Answered',
    closed: 'Closed',
  },
);


/** The two ways out of a result: look up another, or go home. */
function AgainOrFinish({ lang, onAgain }: { lang: Lang; onAgain: () => void }) {
  const w = words[lang];
  return (
    <div className="actions">
      <button type="button" className="huge" onClick={onAgain}>
        {w.again}
      </button>
      <button type="button" className="primary huge" onClick={() => actions.show('home')}>
        {w.finish}
      </button>
    </div>
  );
}

/** 查进度: a comment's status and the office's reply, refreshed when a reply arrives while it is shown. */
export function ProgressView({ lang }: { lang: Lang }) {
  const w = words[lang];
  const [code, setCode] = useState('');
  const [found, setFound] = useState<Progress | null>(null);
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const queueChanged = useResident((s) => s.queueChanged);
  const [problem, setProblem] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const lastReply = useResident((s) => s.lastReply);

  const lookTicket = async (by: { number: string } | { reference: string }) => {
    setProblem(null);
    try {
      const result = await call('deskTicket', by);
      if (result.ok) setTicket(result.value);
      else setProblem('number' in by ? w.ticketNotFound : w.caseNotFound);
    } catch (e) {
      setProblem(problemText(e as Error, lang));
    }
  };

  const look = async (reference: string) => {
    if (ticketNumber.test(reference)) return lookTicket({ number: reference });
    if (caseReference.test(reference)) return lookTicket({ reference });
    setProblem(null);
    try {
      const result = await call('feedbackLookup', { reference });
      if (result.ok) setFound(result.value);
      else setProblem(result.error.code === 'not-found' ? w.notFound : w.invalid);
    } catch (e) {
      setProblem(problemText(e as Error, lang));
    }
  };

  useEffect(() => {
    if (found && lastReply?.reference === found.reference) void look(found.reference);
    // Only a reply for the reference on show triggers a refresh.
  }, [lastReply]);

  useEffect(() => {
    if (ticket) void lookTicket(ticket.caseReference ? { reference: ticket.caseReference } : { number: ticket.number });
    // A queue change may move this ticket on; only then is it looked up again.
  }, [queueChanged]);

  if (ticket && cancelling) {
    const again = () => {
      setCancelling(false);
      void lookTicket({ number: ticket.number });
    };
    return <CancelTicket number={ticket.number} lang={lang} onCancelled={again} onBack={() => setCancelling(false)} />;
  }

  if (ticket) {
    // One status: a handed-over case is the office's now, so its status is the one that counts.
    const status = ticket.officeCase ? `${w[ticket.officeCase.status]}${w.handedOver}` : w[`t_${ticket.state}` as const];
    const cancellable = ticket.state === 'waiting' || ticket.state === 'called';
    return (
      <Step title={fill(w.ticket, { number: ticket.number })} lang={lang} onBack={() => setTicket(null)}>
        <div className="receipt" data-read>
          <span className="label">{w.status}</span>
          <p className="status-word" data-testid="status">
            {status}
          </p>
          <p className="ticket-item">{pick(ticket.item.name, lang)}</p>
          {ticket.state === 'waiting' &&
            waitLines(ticket.peopleAhead, ticket.estimatedWaitMinutes, lang).map((line) => (
              <p className="ticket-wait" key={line}>
                {line}
              </p>
            ))}
          {ticket.state === 'called' && ticket.counter !== null && <p className="ticket-wait">{fill(w.goTo, { counter: ticket.counter })}</p>}
          {ticket.state === 'handed_over' && ticket.dueDay && <p className="ticket-wait">{fill(w.due, { day: day(ticket.dueDay, lang) })}</p>}
          {ticket.caseReference && (
            <p className="ticket-wait" data-testid="case-reference">
              {fill(w.caseRef, { code: ticket.caseReference })}
            </p>
          )}
          {ticket.officeCase && (
            <>
              <span className="label">{w.reply}</span>
              <p className="resident-text" data-testid="case-reply">
                {ticket.officeCase.replyText ?? w.noReply}
              </p>
            </>
          )}
        </div>
        <AgainOrFinish lang={lang} onAgain={() => { setTicket(null); setCode(''); }} />
        {cancellable && (
          <button type="button" className="huge" onClick={() => setCancelling(true)}>
            {w.cancel}
          </button>
        )}
      </Step>
    );
  }

  if (!found) {
    return (
      <Step title={w.title} lang={lang}>
        <Problem message={problem} />
        <div className="contact">
          <div>
            <span className="label" id="code-label">
              {w.code}
            </span>
            <div className="typed-box phone" role="textbox" aria-readonly="true" aria-labelledby="code-label" data-testid="code">
              {code || '—'}
            </div>
            <button type="button" className="primary huge" disabled={code.length < 6 && !ticketNumber.test(code)} onClick={() => void look(code)}>
              {w.look}
            </button>
          </div>
          <CodePad value={code} onChange={setCode} lang={lang} maxLength={8} label={w.code} />
        </div>
      </Step>
    );
  }

  return (
    <Step title={fill(w.referenceTitle, { code: found.reference })} lang={lang} onBack={() => setFound(null)} fill>
      <Paged lang={lang}>
        <div className="receipt" data-read>
          <span className="label">{w.status}</span>
          <p className="status-word" data-testid="status">
            {w[found.status]}
          </p>
          <span className="label">{w.reply}</span>
          <p className="resident-text" data-testid="reply">
            {found.replyText ?? w.noReply}
          </p>
          {found.text && (
            <>
              <span className="label">{w.yourText}</span>
              <p className="resident-text" data-testid="your-text">
                {found.text}
              </p>
            </>
          )}
          <p>
            {w.submitted}
            {w.colon}
            {beijingDateTime(found.submittedAt, lang)}
            {found.meetingDay && ` · ${w.meeting}${w.colon}${day(found.meetingDay, lang)}`}
          </p>
        </div>
      </Paged>
      <AgainOrFinish lang={lang} onAgain={() => { setFound(null); setCode(''); }} />
    </Step>
  );
}
