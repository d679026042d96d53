import { mainText, speak } from '../shared/speech.ts';
import { Icon } from './icons.tsx';
import { actions, useResident } from './store.ts';
import { text } from './text.ts';

/** Always there: where you are, language, text size, read-aloud, and the way home. */
export function TopBar() {
  const { lang, large, view } = useResident();
  const t = text[lang];
  return (
    <header className="top-bar">
      <div className="brand">
        <span className="line-name">{t.line}</span>
        <span className="subtitle">{t.subtitle}</span>
      </div>
      <div className="tools">
        {view !== 'home' && (
          <button type="button" className="tool home-button" onClick={() => actions.show('home')}>
            <Icon name="home" size={32} />
            {t.home}
          </button>
        )}
        <button type="button" className="tool" onClick={() => speak(mainText(), lang)}>
          <Icon name="speaker" size={32} />
          {t.readAloud}
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
