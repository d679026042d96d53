import { existsSync, readFileSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import type { SpeechLang, SpeechSegment } from './types.ts';
import { parseWav, resample, type Pcm } from './wav.ts';

/**
 * Pre-recorded clips (layout in docs/announcements.md):
 *   <dir>/<lang>/stop/<stopId>.wav, <dir>/<lang>/node/<nodeId>.wav — place names, by id;
 *   <dir>/<lang>/phrases.json — {"前方到站：": "phrase/next-stop.wav", …}, keyed by the exact wording,
 *   so a clip is no longer used once the office changes the wording it records.
 * Clips are read once and kept converted to the mixing format.
 */
export class ClipLibrary {
  private readonly cache = new Map<string, Pcm | null>();
  private readonly phrases = new Map<SpeechLang, Record<string, string>>();
  /** Clips found but unreadable, for the status line. */
  lastProblem: string | null = null;

  constructor(private readonly dir: string | null) {}

  clipFor(lang: SpeechLang, segment: SpeechSegment): Pcm | null {
    if (!this.dir) return null;
    let relative: string | undefined;
    if (segment.kind === 'place') {
      if (!/^[A-Za-z0-9_-]+$/.test(segment.id)) return null;
      relative = `${segment.place}/${segment.id}.wav`;
    } else if (segment.kind === 'phrase') {
      relative = this.phraseTable(lang)[segment.text.trim()];
    }
    if (!relative) return null;
    const base = join(this.dir, lang);
    const path = normalize(join(base, relative));
    if (!path.startsWith(base + sep)) return null;
    return this.load(path);
  }

  private phraseTable(lang: SpeechLang): Record<string, string> {
    let table = this.phrases.get(lang);
    if (!table) {
      table = {};
      const file = join(this.dir!, lang, 'phrases.json');
      if (existsSync(file)) {
        try {
          const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
          if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
            for (const [text, path] of Object.entries(parsed)) if (typeof path === 'string') table[text.trim()] = path;
          }
        } catch (error) {
          this.lastProblem = `${file}: ${(error as Error).message}`;
        }
      }
      this.phrases.set(lang, table);
    }
    return table;
  }

  private load(path: string): Pcm | null {
    if (this.cache.has(path)) return this.cache.get(path)!;
    let pcm: Pcm | null = null;
    if (existsSync(path)) {
      const parsed = parseWav(readFileSync(path));
      if (parsed.ok) pcm = resample(parsed.value.samples, parsed.value.sampleRate);
      else this.lastProblem = `${path}: ${parsed.error.message}`;
    }
    this.cache.set(path, pcm);
    return pcm;
  }
}
