/** Problems by field name, in Chinese, as the form shows them beside each field. */
export type Problems = Partial<Record<string, string>>;

export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

/**
 * The server's issues for the one entry a form edits (its path `prefix` in the body), by the form's
 * field names: the entry's path without list indexes, joined by "." (title.zh, documents.en), matched to
 * the longest field key it starts with. Issues elsewhere in the body go to `general`.
 */
export function problemsAt(issues: readonly FieldIssue[], prefix: readonly (string | number)[], fields: Record<string, string>): { problems: Problems; general: string[] } {
  const problems: Problems = {};
  const general: string[] = [];
  const keys = Object.keys(fields).sort((a, b) => b.length - a.length);
  for (const issue of issues) {
    const inside = prefix.every((p, i) => issue.path[i] === p);
    const rest = inside ? issue.path.slice(prefix.length).filter((p) => typeof p === 'string').join('.') : null;
    const key = rest === null ? undefined : keys.find((k) => rest === k || rest.startsWith(`${k}.`));
    const field = key === undefined ? undefined : fields[key];
    if (field) problems[field] ??= issue.message;
    else general.push(issue.message);
  }
  return { problems, general };
}

interface FieldProps<D> {
  /** The form's id prefix, so two forms on a page never share an element id. */
  form: string;
  name: keyof D & string;
  label: string;
  draft: D;
  problems: Problems;
  onChange: (d: D) => void;
  multiline?: boolean;
  type?: 'text' | 'date' | 'time' | 'number';
  lang?: string;
  children?: React.ReactNode;
}

/** One labelled field with its problem right beside it (read out with the field); a select when given options as children. */
export function Field<D extends Record<string, string>>({ form, name, label, draft, problems, onChange, multiline = false, type = 'text', lang, children }: FieldProps<D>) {
  const id = `${form}-${name}`;
  const problem = problems[name];
  const common = {
    id,
    name,
    value: draft[name],
    lang,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': problem ? `${id}-problem` : undefined,
    onChange: (e: { target: { value: string } }) => onChange({ ...draft, [name]: e.target.value }),
  };
  return (
    <div className={`field${multiline ? ' grow' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children ? <select {...common}>{children}</select> : multiline ? <textarea rows={6} {...common} /> : <input type={type} {...common} />}
      {problem && (
        <p className="field-problem" id={`${id}-problem`}>
          {problem}
        </p>
      )}
    </div>
  );
}

/** What the server found outside the form's fields, said once under the form. */
export function GeneralProblems({ general }: { general: string[] }) {
  return general.length === 0 ? null : (
    <p className="field-problem" role="alert">
      {general.join(' ')}
    </p>
  );
}
