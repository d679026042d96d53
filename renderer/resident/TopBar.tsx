import { Clock } from '../shared/Clock.tsx';
import { Icon } from './icons.tsx';
import { toggleReadAloud } from './read-aloud.ts';
import { actions, useResident } from './store.ts';
import { text } from './text.ts';

/** Always there: where you are, language, text size, read-aloud, and the way home. */
export function TopBar() {
  const { lang, large, view, reading } = useResident();
  const t = text[lang];
  return (
    <header className="top-bar">
      <div className="brand">
        <span className="line-name">{t.line}</span>
        <span className="subtitle">{t.subtitle}</span>
      </div>
      <Clock lang={lang} className="top-clock" />
      <div className="tools">
        {view !== 'home' && (
          <button type="button" className="tool home-button" onClick={() => actions.show('home')}>
            <Icon name="home" size={32} />
            {t.home}
          </button>
        )}
        <button type="button" className="tool read-aloud" aria-pressed={reading} data-testid="read-aloud" onClick={() => void toggleReadAloud(view, lang)}>
          <Icon name="speaker" size={32} />
          {reading ? (lang === 'zh' ? '停止朗读' : 'Stop') : t.readAloud}
        </button>
        <button type="button" className="tool" aria-pressed={large} onClick={actions.toggleLarge}>
          {large ? t.largeOn : t.large}
        </button>
        <button type="button" className="tool" lang={lang === 'zh' ? 'en' : 'zh-CN'} aria-label={t.toggleLangLabel} onClick={actions.toggleLang}>
          {t.toggleLang}
        </button>
      </div>
    </header>
  );
}
