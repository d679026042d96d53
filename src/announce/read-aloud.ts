import type { SpeechLang, SpeechSegment, SpokenPart } from '../../hardware/audio/types.ts';
import type { Names } from '../route/model.ts';

/** One piece of a read-aloud: fixed wording, a stop's name (its clip), or content text (synthesised). */
export type ReadPiece = { phrase: string } | { stop: { id: string; name: Names } } | { content: string };

/** About one sentence or two per chunk: an announcement that arrives waits at most one chunk's start. */
const maxChunkChars = 90;

/** Splits text after sentence ends (。！？.!? ; and line breaks), then packs the pieces into chunks of at most maxChunkChars. */
export function splitSentences(text: string, max = maxChunkChars): string[] {
  const sentences = text
    .replace(/\r/g, '')
    .split(/(?<=[。！？!?；;\n])|(?<=\.)\s+/u)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const chunks: string[] = [];
  for (const sentence of sentences) {
    // A sentence longer than a chunk is cut at commas, else hard.
    const pieces = sentence.length <= max ? [sentence] : (sentence.match(new RegExp(`.{1,${max}}(?:[，,、]|$)|.{1,${max}}`, 'gu')) ?? [sentence]);
    for (const piece of pieces) {
      const last = chunks.at(-1);
      if (last !== undefined && last.length + piece.length <= max) chunks[chunks.length - 1] = `${last} ${piece}`.trim();
      else chunks.push(piece);
    }
  }
  return chunks;
}

function segmentOf(piece: ReadPiece, lang: SpeechLang): SpeechSegment {
  if ('phrase' in piece) return { kind: 'phrase', text: piece.phrase };
  if ('stop' in piece) return { kind: 'place', place: 'stop', id: piece.stop.id, text: piece.stop.name[lang] || piece.stop.name.zh };
  return { kind: 'free', text: piece.content };
}

/**
 * The utterances of a read-aloud in one language: a line of pieces per chunk (short lines as they
 * are, content text split into sentences), each chunk one SpokenPart list for the announcer.
 */
export function readAloudChunks(lines: readonly ReadPiece[][], lang: SpeechLang): SpokenPart[][] {
  const chunks: SpokenPart[][] = [];
  for (const line of lines) {
    const expanded = line.flatMap((piece): ReadPiece[] => ('content' in piece ? splitSentences(piece.content).map((content) => ({ content })) : [piece]));
    // A line of fixed pieces and short content stays together; long content gives one chunk per sentence group.
    let current: SpeechSegment[] = [];
    const flush = () => {
      if (current.length === 0) return;
      chunks.push([{ lang, text: current.map((s) => s.text).join(''), segments: current }]);
      current = [];
    };
    for (const piece of expanded) {
      const segment = segmentOf(piece, lang);
      const length = current.reduce((n, s) => n + s.text.length, 0);
      if (length > 0 && length + segment.text.length > maxChunkChars) flush();
      current.push(segment);
    }
    flush();
  }
  return chunks.filter((parts) => parts[0]!.text.trim() !== '');
}
