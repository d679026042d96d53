import type { Lang } from './i18n.ts';

/**
 * Reads text aloud with the browser's speech synthesis where the platform has it; silently does
 * nothing where it does not (the text is always on screen as well).
 */
export function speak(text: string, lang: Lang): void {
  const synth = window.speechSynthesis as SpeechSynthesis | undefined;
  if (!synth || typeof SpeechSynthesisUtterance === 'undefined' || text.trim() === '') return;
  synth.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = lang === 'zh' ? 'zh-CN' : 'en-GB';
  utterance.rate = lang === 'zh' ? 0.9 : 0.95;
  synth.speak(utterance);
}

export function stopSpeaking(): void {
  window.speechSynthesis?.cancel();
}

/** The text of the current view's main content: every element marked `data-read`, in page order. */
export function mainText(root: ParentNode = document): string {
  return [...root.querySelectorAll<HTMLElement>('[data-read]')]
    .map((el) => el.innerText.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('。 ');
}
