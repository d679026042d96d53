import { useEffect, useState } from 'react';
import { call, type ApiOutput } from '../../shared/api-client.ts';
import { dictionary, type Lang } from '../../shared/i18n.ts';
import { CodePad } from '../../shared/keyboard/CodePad.tsx';
import { actions, useResident } from '../store.ts';
import { Problem, Step } from './Step.tsx';

type Progress = Extract<ApiOutput<'feedbackLookup'>, { ok: true }>['value'];

const words = dictionary(
  {
    title: '查进度：请输入查询码',
    code: '查询码',
    look: '查询',
    notFound: '没有找到这个查询码，请核对后再试',
    invalid: '查询码是 6 位字母和数字',
    status: '办理状态',
    reply: '社区回复',
    noReply: '还没有回复，社区会在规定时间内答复您。',
    yourText: '您说的话',
    submitted: '提交时间',
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
    title: 'Check progress: enter your code',
    code: 'Reference code',
    look: 'Look up',
    notFound: 'No such code on this bus; please check it and try again',
    invalid: 'A reference code has 6 letters and digits',
    status: 'Status',
    reply: 'Reply from the community',
    noReply: 'No reply yet; the community will answer within the promised time.',
    yourText: 'What you said',
    submitted: 'Sent',
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

const when = (iso: string, lang: Lang) => new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', hour12: false });

/** 查进度: a comment's status and the office's reply, refreshed when a reply arrives while it is shown. */
export function ProgressView({ lang }: { lang: Lang }) {
  const w = words[lang];
  const [code, setCode] = useState('');
  const [found, setFound] = useState<Progress | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const lastReply = useResident((s) => s.lastReply);

  const look = async (reference: string) => {
    setProblem(null);
    try {
      const result = await call('feedbackLookup', { reference });
      if (result.ok) setFound(result.value);
      else setProblem(result.error.code === 'not-found' ? w.notFound : w.invalid);
    } catch (e) {
      setProblem((e as Error).message);
    }
  };

  useEffect(() => {
    if (found && lastReply?.reference === found.reference) void look(found.reference);
    // Only a reply for the reference on show triggers a refresh.
  }, [lastReply]);

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
            <button type="button" className="primary huge" disabled={code.length < 6} onClick={() => void look(code)}>
              {w.look}
            </button>
          </div>
          <CodePad value={code} onChange={setCode} lang={lang} maxLength={8} label={w.code} />
        </div>
      </Step>
    );
  }

  return (
    <Step title={`${w.code} ${found.reference}`} lang={lang} onBack={() => setFound(null)}>
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
          {w.submitted}: {when(found.submittedAt, lang)}
          {found.meetingDay && ` · ${w.meeting}: ${found.meetingDay}`}
        </p>
      </div>
      <div className="actions">
        <button type="button" className="huge" onClick={() => { setFound(null); setCode(''); }}>
          {w.again}
        </button>
        <button type="button" className="primary huge" onClick={() => actions.show('home')}>
          {w.finish}
        </button>
      </div>
    </Step>
  );
}
