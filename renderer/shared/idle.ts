import { useEffect, useRef, useState } from 'react';

export type IdlePhase = { phase: 'active' } | { phase: 'countdown'; remainingS: number };

/**
 * Watches for touches. After `idleMs` without one it counts down for `countdownMs` (the screen shows
 * a large 继续 button); any touch restarts the wait; at zero `onReset` wipes the session. Only runs
 * while `enabled` (nothing to protect on the home view).
 */
export function useIdleReset(options: { enabled: boolean; idleMs: number; countdownMs: number; onReset: () => void }): IdlePhase {
  const { enabled, idleMs, countdownMs } = options;
  const onReset = useRef(options.onReset);
  onReset.current = options.onReset;
  const [state, setState] = useState<IdlePhase>({ phase: 'active' });

  useEffect(() => {
    if (!enabled) {
      setState({ phase: 'active' });
      return;
    }
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    let tick: ReturnType<typeof setInterval> | undefined;
    const clear = () => {
      clearTimeout(idleTimer);
      clearInterval(tick);
    };
    const startCountdown = () => {
      const endsAt = Date.now() + countdownMs;
      const show = () => {
        const remainingMs = endsAt - Date.now();
        if (remainingMs <= 0) {
          clear();
          setState({ phase: 'active' });
          onReset.current();
          return;
        }
        setState({ phase: 'countdown', remainingS: Math.ceil(remainingMs / 1000) });
      };
      show();
      tick = setInterval(show, 250);
    };
    const restart = () => {
      clear();
      setState({ phase: 'active' });
      idleTimer = setTimeout(startCountdown, idleMs);
    };
    restart();
    const events = ['pointerdown', 'keydown'] as const;
    for (const name of events) document.addEventListener(name, restart, { capture: true, passive: true });
    return () => {
      clear();
      for (const name of events) document.removeEventListener(name, restart, { capture: true });
    };
  }, [enabled, idleMs, countdownMs]);

  return state;
}
