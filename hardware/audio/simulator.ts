import type { AudioOutput, AudioStatus, SpokenPart, Utterance } from './types.ts';

/**
 * Speaking rates of recorded bus announcements: about four Chinese characters a second and 160
 * English words a minute, plus a short pause around each part.
 */
const msPerHanzi = 250;
const msPerWord = 375;
const msPerPart = 400;

export function estimateSpeechMs(parts: readonly SpokenPart[]): number {
  let ms = 0;
  for (const part of parts) {
    ms += msPerPart;
    if (part.lang === 'zh') {
      const hanzi = part.text.match(/\p{Script=Han}/gu)?.length ?? 0;
      const latinWords = part.text.replace(/\p{Script=Han}/gu, ' ').match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
      ms += hanzi * msPerHanzi + latinWords * msPerWord;
    } else {
      ms += (part.text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0) * msPerWord;
    }
  }
  return ms;
}

export interface SimulatedAudioOptions {
  /** Where the lines go (the demo's console). */
  log: (line: string) => void;
  /** 1 = real time; the demo's time factor. */
  speed?: number;
}

/** For machines without sound: says what it would say, and takes as long as saying it would. */
export class SimulatedAudio implements AudioOutput {
  private state: AudioStatus = { output: 'simulator', playing: false, player: null, tts: null, played: 0, failures: 0, lastError: null, lastFile: null };
  private readonly cuts = new Map<string, () => void>();

  constructor(private readonly opts: SimulatedAudioOptions) {}

  async play(utterance: Utterance): Promise<void> {
    const ms = estimateSpeechMs(utterance.parts);
    const volume = Math.round(utterance.volume * 100);
    this.opts.log(`[audio] ▶ ${utterance.parts.map((p) => p.text).join(' | ')}  (${(ms / 1000).toFixed(1)} s, volume ${volume}%)`);
    this.state.playing = true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms / (this.opts.speed ?? 1));
      this.cuts.set(utterance.id, () => {
        clearTimeout(timer);
        this.opts.log(`[audio] ■ cut short: ${utterance.parts[0]?.text ?? ''}`);
        resolve();
      });
    });
    this.cuts.delete(utterance.id);
    this.state.playing = false;
    this.state.played += 1;
  }

  cancel(id: string): void {
    this.cuts.get(id)?.();
  }

  status(): AudioStatus {
    return { ...this.state };
  }
}
