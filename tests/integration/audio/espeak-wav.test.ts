import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findProgram } from '../../../hardware/audio/programs.ts';
import { SpeechAudio } from '../../../hardware/audio/speaker.ts';
import type { Utterance } from '../../../hardware/audio/types.ts';
import { encodeWav } from '../../../hardware/audio/wav.ts';
import { fillTemplate } from '../../../src/announce/templates.ts';
import { tempDir } from '../../helpers/temp.ts';

/** Reads a WAV written by the output, independently of the code under test. */
function inspectWav(buf: Buffer) {
  expect(buf.toString('ascii', 0, 4)).toBe('RIFF');
  expect(buf.toString('ascii', 8, 12)).toBe('WAVE');
  expect(buf.readUInt32LE(4)).toBe(buf.length - 8);
  let at = 12;
  let fmt: { format: number; channels: number; rate: number; bits: number } | undefined;
  while (at + 8 <= buf.length) {
    const id = buf.toString('ascii', at, at + 4);
    const size = buf.readUInt32LE(at + 4);
    if (id === 'fmt ') fmt = { format: buf.readUInt16LE(at + 8), channels: buf.readUInt16LE(at + 10), rate: buf.readUInt32LE(at + 12), bits: buf.readUInt16LE(at + 22) };
    if (id === 'data') {
      expect(at + 8 + size).toBe(buf.length);
      const samples = new Int16Array(buf.buffer.slice(buf.byteOffset + at + 8, buf.byteOffset + at + 8 + size));
      let sum = 0;
      let peak = 0;
      for (const s of samples) {
        sum += s * s;
        peak = Math.max(peak, Math.abs(s));
      }
      return { fmt: fmt!, seconds: samples.length / fmt!.rate / fmt!.channels, rms: Math.sqrt(sum / samples.length), peak };
    }
    at += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}

const stop = { kind: 'stop' as const, id: 'hongfu-jiayuan', name: { zh: '宏福佳苑', en: 'Hongfu Jiayuan' } };
const utterance = (volume: number): Utterance => ({
  id: `test-${volume}`,
  parts: [fillTemplate('前方到站：{stop}', 'zh', stop), fillTemplate('Next stop: {stop}', 'en', stop)],
  volume,
});

describe('espeak-ng fallback to WAV files', () => {
  const dir = tempDir('lianxin-audio-');
  afterAll(() => dir.cleanup());
  const espeak = findProgram('espeak-ng');

  it('espeak-ng is installed (the fallback for stops without a recorded clip)', () => {
    expect(espeak, 'espeak-ng is not installed: apt-get install espeak-ng').not.toBeNull();
  });

  it('espeak-ng -v cmn writes a valid, non-silent WAV of plausible length for a stop name', () => {
    const file = join(dir.path, 'direct.wav');
    execFileSync(espeak ?? 'espeak-ng', ['-v', 'cmn', '-w', file, '宏福佳苑']);
    const wav = inspectWav(readFileSync(file));
    expect(wav.fmt).toEqual({ format: 1, channels: 1, rate: 22050, bits: 16 });
    // Four syllables: a bit under a second to about two and a half with espeak's trailing pause.
    expect(wav.seconds).toBeGreaterThan(0.6);
    expect(wav.seconds).toBeLessThan(3);
    expect(wav.rms).toBeGreaterThan(300);
  });

  it('the WAV output speaks a whole announcement, Chinese then English, at the scheduled volume', async () => {
    const out = join(dir.path, 'out');
    const audio = new SpeechAudio({ sink: { kind: 'wav', dir: out }, clipsDir: null, tts: espeak });
    await audio.play(utterance(1));
    await audio.play(utterance(0.5));
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(2);
    const loud = inspectWav(readFileSync(join(out, files[0]!)));
    const quiet = inspectWav(readFileSync(join(out, files[1]!)));
    expect(loud.fmt).toEqual({ format: 1, channels: 1, rate: 22050, bits: 16 });
    // "前方到站：宏福佳苑" + "Next stop: Hongfu Jiayuan": a few seconds, not a blip and not a runaway.
    expect(loud.seconds).toBeGreaterThan(2.5);
    expect(loud.seconds).toBeLessThan(10);
    expect(loud.rms).toBeGreaterThan(300);
    expect(quiet.seconds).toBeCloseTo(loud.seconds, 5);
    expect(quiet.rms / loud.rms).toBeGreaterThan(0.45);
    expect(quiet.rms / loud.rms).toBeLessThan(0.55);
    expect(audio.status()).toMatchObject({ output: 'wav', tts: 'espeak-ng', played: 2, failures: 0 });
  });

  it('uses a recorded clip for the stop name when there is one, and espeak-ng for the rest', async () => {
    const clips = join(dir.path, 'clips');
    mkdirSync(join(clips, 'zh', 'stop'), { recursive: true });
    // A 1.000 s recorded "name" at 44.1 kHz stereo: a 440 Hz tone, easy to recognise in the result.
    const frames = 44_100;
    const tone = Buffer.alloc(44 + frames * 4);
    const header = encodeWav(new Int16Array(0), 44_100);
    header.copy(tone);
    tone.writeUInt16LE(2, 22);
    tone.writeUInt32LE(44_100 * 4, 28);
    tone.writeUInt16LE(4, 32);
    tone.writeUInt32LE(frames * 4, 40);
    tone.writeUInt32LE(36 + frames * 4, 4);
    for (let i = 0; i < frames; i++) {
      const v = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 44_100));
      tone.writeInt16LE(v, 44 + i * 4);
      tone.writeInt16LE(v, 46 + i * 4);
    }
    writeFileSync(join(clips, 'zh', 'stop', 'hongfu-jiayuan.wav'), tone);
    const out = join(dir.path, 'with-clip');
    const withClip = new SpeechAudio({ sink: { kind: 'wav', dir: out }, clipsDir: clips, tts: espeak });
    await withClip.play({ ...utterance(1), parts: [utterance(1).parts[0]!] });
    const spoken = inspectWav(readFileSync(join(out, readdirSync(out)[0]!)));
    const phrase = execFileSync(espeak ?? 'espeak-ng', ['-v', 'cmn', '--stdout', '前方到站：']);
    const phraseSeconds = (phrase.length - 44) / 2 / 22050;
    expect(spoken.seconds).toBeCloseTo(phraseSeconds + 1, 1);
  });

  it('plays through the sound program: one WAV file handed to aplay -q, a failing player reported', async () => {
    // A stand-in for aplay that keeps what it was given (this machine has no sound card).
    const bin = join(dir.path, 'bin');
    mkdirSync(bin, { recursive: true });
    const kept = join(dir.path, 'played.wav');
    const player = join(bin, 'aplay');
    writeFileSync(player, `#!/bin/sh\n[ "$1" = "-q" ] || exit 3\ncp "$2" "${kept}"\n`);
    chmodSync(player, 0o755);
    const audio = new SpeechAudio({ sink: { kind: 'speaker', player }, clipsDir: null, tts: espeak });
    await audio.play(utterance(0.9));
    const wav = inspectWav(readFileSync(kept));
    expect(wav.seconds).toBeGreaterThan(2.5);
    expect(audio.status()).toMatchObject({ output: 'speaker', player: 'aplay', played: 1 });

    writeFileSync(player, '#!/bin/sh\necho "no such device" >&2\nexit 1\n');
    await expect(audio.play(utterance(0.9))).rejects.toThrow(/aplay exited with 1: no such device/);
  });

  it('fails naming espeak-ng when it is missing and a clip is too', async () => {
    const audio = new SpeechAudio({ sink: { kind: 'wav', dir: join(dir.path, 'none') }, clipsDir: null, tts: null });
    await expect(audio.play(utterance(1))).rejects.toThrow(/espeak-ng is not installed/);
    expect(audio.status().failures).toBe(1);
  });
});
