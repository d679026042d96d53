import type { Lang } from '../i18n.ts';

const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Large digit keys for a phone number or a PIN; `masked` only changes what the caller shows. */
export function DigitPad(props: { value: string; onChange: (digits: string) => void; lang: Lang; maxLength: number; label: string }) {
  const { value, onChange, lang, maxLength, label } = props;
  const press = (digit: string) => onChange((value + digit).slice(0, maxLength));
  return (
    <div className="digit-pad" role="group" aria-label={label}>
      {keys.map((d) => (
        <button type="button" key={d} className="key" onClick={() => press(d)}>
          {d}
        </button>
      ))}
      <button type="button" className="key" onClick={() => onChange('')}>
        {lang === 'zh' ? '清空' : 'Clear'}
      </button>
      <button type="button" className="key" onClick={() => press('0')}>
        0
      </button>
      <button type="button" className="key" onClick={() => onChange(value.slice(0, -1))}>
        ⌫<span className="visually-hidden">{lang === 'zh' ? '删除' : 'Delete'}</span>
      </button>
    </div>
  );
}
