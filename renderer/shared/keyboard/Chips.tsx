/** Ready-made phrases: one tap adds a whole phrase, the quickest way to write for most residents. */
export function Chips(props: { phrases: readonly string[]; onPick: (phrase: string) => void; label: string }) {
  return (
    <div className="chips" role="group" aria-label={props.label}>
      {props.phrases.map((phrase) => (
        <button type="button" key={phrase} className="chip" onClick={() => props.onPick(phrase)}>
          {phrase}
        </button>
      ))}
    </div>
  );
}
