import { spawn } from 'node:child_process';
import { err, ok, type Result } from '../../src/core/result.ts';
import type { SpeechLang } from './types.ts';
import { parseWav, resample, type Pcm } from './wav.ts';

/** espeak-ng voices: Mandarin and English. */
export const espeakVoices: Record<SpeechLang, string> = { zh: 'cmn', en: 'en' };

export type SynthesisError = 'tts-missing' | 'tts-failed';

/**
 * Synthesises one text with espeak-ng and returns mono PCM at the mixing rate. The text goes in on
 * stdin, so a text starting with "-" can never be taken for an option.
 */
export function synthesize(program: string, lang: SpeechLang, text: string, wordsPerMinute?: number): Promise<Result<Pcm, SynthesisError>> {
  const args = ['-v', espeakVoices[lang], '--stdout', '--stdin'];
  if (wordsPerMinute !== undefined) args.push('-s', String(wordsPerMinute));
  return new Promise((resolve) => {
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const errors: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => errors.push(b));
    child.on('error', (e: NodeJS.ErrnoException) =>
      resolve(e.code === 'ENOENT' ? err('tts-missing', `${program} not found`) : err('tts-failed', `${program}: ${e.message}`)),
    );
    child.on('close', (code) => {
      if (code !== 0) return resolve(err('tts-failed', `${program} exited with ${code}: ${Buffer.concat(errors).toString().trim()}`));
      const wav = parseWav(Buffer.concat(out));
      if (!wav.ok) return resolve(err('tts-failed', `${program} output: ${wav.error.message}`));
      resolve(ok(resample(wav.value.samples, wav.value.sampleRate)));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(text);
  });
}
