import { dictionary, fill, type Lang } from '../shared/i18n.ts';
import type { QueueBoard } from './store.ts';

const words = dictionary(
  {
    title: '取号排队',
    serving: '正在办理 {numbers}',
    called: '请 {number} 号到 {counter} 号窗口',
    waiting: '{n} 人在等候',
    none: '没有人在等候',
    noQueue: '现在不用排队，取号后马上就能办理',
  },
  {
    title: 'Queue',
    serving: 'Now serving {numbers}',
    called: 'Number {number} to counter {counter}',
    waiting: '{n} waiting',
    none: 'nobody waiting',
    noQueue: 'No queue right now: take a number and you are next',
  },
);

/** Home's queue card: the numbers being served or just called, and how many wait — numbers only, never names. */
export function QueueNow({ queue, lang }: { queue: QueueBoard | null; lang: Lang }) {
  const w = words[lang];
  if (!queue) return null;
  const called = queue.called.at(-1);
  const serving = queue.serving.map((s) => s.number);
  const idle = queue.waiting.length === 0 && queue.called.length === 0 && serving.length === 0;
  return (
    <div className="queue-now" data-read data-testid="queue-now">
      <span className="label">{w.title}</span>
      {idle ? (
        <p className="queue-line">{w.noQueue}</p>
      ) : (
        <>
          {called && <p className="queue-line queue-called">{fill(w.called, { number: called.number, counter: called.counter })}</p>}
          <p className="queue-line">
            {serving.length > 0 && (
              <>
                <strong data-testid="now-serving">{fill(w.serving, { numbers: serving.join(lang === 'zh' ? '、' : ', ') })}</strong>
                {' · '}
              </>
            )}
            <strong data-testid="queue-length">{queue.waiting.length ? fill(w.waiting, { n: queue.waiting.length }) : w.none}</strong>
          </p>
        </>
      )}
    </div>
  );
}
