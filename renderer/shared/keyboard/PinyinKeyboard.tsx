import { useState } from 'react';
import type { Lang } from '../i18n.ts';
import { candidatesFor } from './pinyin-table.ts';

const rows = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const punctuation = ['，', '。', '？', '！'];
const perPage = 6;

const labels = {
  zh: { space: '空格', back: '删除', more: '更多', abc: '英文', pinyin: '拼音', typed: '已输入拼音', candidates: '候选字' },
  en: { space: 'Space', back: 'Delete', more: 'More', abc: 'ABC', pinyin: '拼音', typed: 'Typed pinyin', candidates: 'Characters' },
};

/**
 * On-screen keyboard: pinyin with a candidate bar (six at a time) or plain letters. The kiosk never
 * relies on a system keyboard. `maxLength` stops input at the limit the API accepts.
 */
export function PinyinKeyboard(props: { value: string; onChange: (text: string) => void; lang: Lang; maxLength: number }) {
  const { value, onChange, lang, maxLength } = props;
  const [letters, setLetters] = useState('');
  const [page, setPage] = useState(0);
  const [mode, setMode] = useState<'pinyin' | 'abc'>(lang === 'zh' ? 'pinyin' : 'abc');
  const l = labels[lang];
  const candidates = candidatesFor(letters);
  const shown = candidates.slice(page * perPage, page * perPage + perPage);
  const append = (text: string) => onChange((value + text).slice(0, maxLength));

  const typeLetter = (letter: string) => {
    if (mode === 'abc') return append(letter);
    setLetters((s) => (s.length < 24 ? s + letter : s));
    setPage(0);
  };
  const choose = (pinyin: string, text: string) => {
    append(text);
    setLetters((s) => s.slice(pinyin.length));
    setPage(0);
  };
  const back = () => {
    if (letters) setLetters((s) => s.slice(0, -1));
    else onChange([...value].slice(0, -1).join(''));
    setPage(0);
  };

  return (
    <div className="keyboard" role="group" aria-label={lang === 'zh' ? '拼音键盘' : 'Keyboard'}>
      {mode === 'pinyin' && (
        <div className="candidates" role="group" aria-label={l.candidates}>
          <span className="typed">
            <span className="visually-hidden">{l.typed}: </span>
            {letters || '\u00a0'}
          </span>
          {shown.map((c) => (
            <button type="button" key={c.text} className="candidate" onClick={() => choose(c.pinyin, c.text)}>
              {c.text}
            </button>
          ))}
          {candidates.length > perPage && (
            <button type="button" className="more" onClick={() => setPage((p) => ((p + 1) * perPage < candidates.length ? p + 1 : 0))}>
              {l.more} ›
            </button>
          )}
        </div>
      )}
      {rows.map((row) => (
        <div className="key-row" key={row}>
          {[...row].map((letter) => (
            <button type="button" key={letter} className="key" onClick={() => typeLetter(letter)}>
              {letter}
            </button>
          ))}
        </div>
      ))}
      <div className="key-row">
        <button type="button" className="key wide" aria-pressed={mode === 'abc'} onClick={() => setMode((m) => (m === 'pinyin' ? 'abc' : 'pinyin'))}>
          {mode === 'pinyin' ? l.abc : l.pinyin}
        </button>
        {punctuation.map((p) => (
          <button type="button" key={p} className="key" onClick={() => append(p)}>
            {p}
          </button>
        ))}
        <button type="button" className="key space" onClick={() => append(' ')}>
          {l.space}
        </button>
        <button type="button" className="key wide" onClick={back}>
          ⌫ {l.back}
        </button>
      </div>
    </div>
  );
}
