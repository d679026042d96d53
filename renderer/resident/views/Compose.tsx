import type { ReactNode } from 'react';

/**
 * Writing with the on-screen keyboard: what was typed and the step's button on top, ready-made
 * phrases (or results) on the left, the keyboard on the right — one screen, no scrolling.
 */
export function Compose(props: { field: ReactNode; action: ReactNode; side: ReactNode; keyboard: ReactNode }) {
  return (
    <div className="compose">
      <div className="compose-top">
        {props.field}
        {props.action}
      </div>
      <div className="compose-side">{props.side}</div>
      {props.keyboard}
    </div>
  );
}

/** Text typed on the kiosk's keyboards, shown as text (never markup), with its label. */
export function TypedField(props: { id: string; label: string; value: string; placeholder: string; testId: string }) {
  return (
    <div className="typed-field">
      <span className="label" id={props.id}>
        {props.label}
      </span>
      <div className={`typed-box${props.value ? '' : ' empty'}`} role="textbox" aria-readonly="true" aria-labelledby={props.id} data-testid={props.testId}>
        {props.value || props.placeholder}
      </div>
    </div>
  );
}
