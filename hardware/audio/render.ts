import { err, ok, type Result } from '../../src/core/result.ts';
import type { ClipLibrary } from './clips.ts';
import { synthesize, type SynthesisError } from './espeak.ts';
import type { SpokenPart, Utterance } from './types.ts';
import { mix, silence, type Pcm } from './wav.ts';

/** Pause between the Chinese and the English part, as recorded announcements have. */
const partGapMs = 400;

export interface RenderOptions {
  clips: ClipLibrary;
  /** espeak-ng's path, or null when it is not installed. */
  tts: string | null;
  wordsPerMinute?: number;
}

/**
 * Turns an utterance into one mono PCM buffer at its volume: each segment from its clip when there
 * is one; consecutive segments without a clip are synthesised together, so the fallback speaks in
 * whole phrases rather than in fragments.
 */
export async function renderUtterance(u: Utterance, opts: RenderOptions): Promise<Result<Pcm, SynthesisError>> {
  const pieces: Pcm[] = [];
  for (const [i, part] of u.parts.entries()) {
    if (i > 0) pieces.push(silence(partGapMs));
    const rendered = await renderPart(part, opts);
    if (!rendered.ok) return rendered;
    pieces.push(...rendered.value);
  }
  return ok(mix(pieces, u.volume));
}

async function renderPart(part: SpokenPart, opts: RenderOptions): Promise<Result<Pcm[], SynthesisError>> {
  const pieces: Pcm[] = [];
  let pending = '';
  const flush = async (): Promise<Result<true, SynthesisError>> => {
    if (pending.trim() === '') return ok(true);
    if (!opts.tts) return err('tts-missing', `espeak-ng is not installed and there is no clip for "${pending.trim()}" (${part.lang})`);
    const spoken = await synthesize(opts.tts, part.lang, pending, opts.wordsPerMinute);
    if (!spoken.ok) return spoken;
    pieces.push(spoken.value);
    pending = '';
    return ok(true);
  };
  for (const segment of part.segments) {
    const clip = opts.clips.clipFor(part.lang, segment);
    if (clip) {
      const flushed = await flush();
      if (!flushed.ok) return flushed;
      pieces.push(clip);
    } else {
      pending += segment.text;
    }
  }
  const flushed = await flush();
  return flushed.ok ? ok(pieces) : flushed;
}
