import type { ReactNode } from 'react';
import type { Lang } from '../../shared/i18n.ts';
import { text } from '../text.ts';

/**
 * One step of a flow: a heading that read-aloud starts with, the step's content, and a way back.
 * Flows show one question per step so no screen offers more than about six choices. `fill` gives
 * the step the view's whole height (for paged text).
 */
export function Step(props: { title: string; lang: Lang; onBack?: () => void; children: ReactNode; wide?: boolean; fill?: boolean }) {
  const t = text[props.lang];
  return (
    <section className={`step${props.wide ? ' wide' : ''}${props.fill ? ' fill' : ''}`} aria-labelledby="step-title">
      <div className="step-head">
        {props.onBack && (
          <button type="button" className="back" onClick={props.onBack}>
            ‹ {t.back}
          </button>
        )}
        <h1 id="step-title" data-read>
          {props.title}
        </h1>
      </div>
      {props.children}
    </section>
  );
}

/** Up to six large choices, each a full label (and an optional second line). */
export function Choices<T extends string>(props: {
  items: readonly { id: T; label: string; hint?: string }[];
  onPick: (id: T) => void;
  /** For a multiple choice: the ids picked so far (shown pressed, with a tick). */
  selectedMany?: readonly T[];
}) {
  return (
    <div className="choices">
      {props.items.map((item) => (
        <button
          type="button"
          key={item.id}
          className="choice"
          aria-pressed={props.selectedMany === undefined ? undefined : props.selectedMany.includes(item.id)}
          onClick={() => props.onPick(item.id)}
        >
          <span className="choice-label">{item.label}</span>
          {item.hint && <span className="choice-hint">{item.hint}</span>}
        </button>
      ))}
    </div>
  );
}

/** A failure the resident can act on, in words. */
export function Problem({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="problem" role="alert">
      ⚠ {message}
    </p>
  );
}
