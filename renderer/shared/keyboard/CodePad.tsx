import type { Lang } from '../i18n.ts';

const rows = ['1234567890', 'ABCDEFGHJK', 'LMNPQRSTUV', 'WXYZ'];

/** Capital letters and digits for reference codes and ticket numbers (I and O left out: they read as 1 and 0). */
export function CodePad(props: { value: string; onChange: (code: string) => void; lang: Lang; maxLength: number; label: string }) {
  const { value, onChange, lang, maxLength, label } = props;
  return (
    <div className="keyboard code-pad" role="group" aria-label={label}>
      {rows.map((row, i) => (
        <div className="key-row" key={row}>
          {[...row].map((key) => (
            <button type="button" key={key} className="key" onClick={() => onChange((value + key).slice(0, maxLength))}>
              {key}
            </button>
          ))}
          {i === rows.length - 1 && (
            <>
              <button type="button" className="key wide" onClick={() => onChange('')}>
                {lang === 'zh' ? '清空' : 'Clear'}
              </button>
              <button type="button" className="key wide" onClick={() => onChange(value.slice(0, -1))}>
                ⌫ {lang === 'zh' ? '删除' : 'Delete'}
              </button>
            </>
          )}
        </div>
      ))}
    </div>
  );
}
