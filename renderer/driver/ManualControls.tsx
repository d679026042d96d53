import { useState } from 'react';
import { fill, pick, type Lang } from '../shared/i18n.ts';
import { manualAnnounce, useDriver } from './store.ts';
import type { text } from './text.ts';

/**
 * The driver's 报站 when automation fails: always there, large and highlighted while GNSS is lost
 * (the prompt then says 请手动报站). 校准到站 tells the tracker where the bus stands.
 */
export function ManualControls({ t, lang, urgent }: { t: (typeof text)['zh']; lang: Lang; urgent: boolean }) {
  const { stops, manual } = useDriver();
  const [choosing, setChoosing] = useState(false);
  return (
    <section className={`panel manual${urgent ? ' urgent' : ''}`} aria-label={t.manual}>
      <span className="panel-label">{t.manual}</span>
      <div className="manual-buttons">
        <button type="button" className="manual-button" onClick={() => void manualAnnounce()}>
          {t.announceNext}
        </button>
        <button type="button" className="manual-button" aria-expanded={choosing} onClick={() => setChoosing(true)}>
          {t.align}
        </button>
      </div>
      {manual && (
        <p className="manual-result" role={manual.ok ? 'status' : 'alert'} data-testid="manual-result">
          {manual.ok ? fill(t.announced, { stop: pick(manual.stop, lang) }) : fill(t.manualFailed, { reason: manual.reason })}
        </p>
      )}
      {choosing && (
        <div className="align-dialog" role="dialog" aria-modal="true" aria-label={t.alignTitle}>
          <h2>{t.alignTitle}</h2>
          <div className="align-stops">
            {stops.map((stop) => (
              <button
                type="button"
                key={stop.id}
                className="align-stop"
                onClick={() => {
                  setChoosing(false);
                  void manualAnnounce(stop.id);
                }}
              >
                {pick(stop.name, lang)}
              </button>
            ))}
          </div>
          <button type="button" className="align-cancel" onClick={() => setChoosing(false)}>
            {t.cancel}
          </button>
        </div>
      )}
    </section>
  );
}
