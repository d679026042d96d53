import { useState } from 'react';
import type { Lang } from '../shared/i18n.ts';
import { problemText } from './problems.ts';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: { code?: string; message: string } };

/**
 * One resident action at a time: clears the last problem, holds `busy` while the call runs, and
 * puts an expected failure or a broken connection into the resident's words.
 */
export function useAction(lang: Lang) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async <T>(action: () => Promise<Outcome<T>>, onDone: (value: T) => void): Promise<void> => {
    setBusy(true);
    setProblem(null);
    try {
      const result = await action();
      if (result.ok) onDone(result.value);
      else setProblem(problemText(result.error, lang));
    } catch (e) {
      setProblem(problemText(e as Error, lang));
    } finally {
      setBusy(false);
    }
  };
  return { problem, setProblem, busy, run };
}
