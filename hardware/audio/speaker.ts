import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ClipLibrary } from './clips.ts';
import { renderUtterance } from './render.ts';
import type { AudioOutput, AudioStatus, Utterance } from './types.ts';
import { encodeWav } from './wav.ts';

export type SpeechSink =
  /** Plays through aplay or paplay (their path). */
  | { kind: 'speaker'; player: string }
  /** Writes one WAV file per utterance into the folder (demo and tests on machines without sound). */
  | { kind: 'wav'; dir: string };

export interface SpeechAudioOptions {
  sink: SpeechSink;
  /** Folder of recorded clips, or null. */
  clipsDir: string | null;
  /** espeak-ng's path, or null. */
  tts: string | null;
  wordsPerMinute?: number;
}

/** The real output: recorded clips where present, espeak-ng for the rest, to a speaker or WAV files. */
export class SpeechAudio implements AudioOutput {
  private readonly clips: ClipLibrary;
  private readonly state: AudioStatus;
  private seq = 0;
  private scratch: string | null = null;
  /** Utterances cut short: not played if still rendering, their player stopped if playing. */
  private readonly cancelled = new Set<string>();
  private playing: { id: string; stop: () => void } | null = null;

  constructor(private readonly opts: SpeechAudioOptions) {
    this.clips = new ClipLibrary(opts.clipsDir);
    this.state = {
      output: opts.sink.kind,
      playing: false,
      player: opts.sink.kind === 'speaker' ? basename(opts.sink.player) : null,
      tts: opts.tts ? basename(opts.tts) : null,
      played: 0,
      failures: 0,
      lastError: null,
      lastFile: null,
    };
  }

  async play(utterance: Utterance): Promise<void> {
    this.state.playing = true;
    try {
      const rendered = await renderUtterance(utterance, { clips: this.clips, tts: this.opts.tts, wordsPerMinute: this.opts.wordsPerMinute });
      if (!rendered.ok) throw new Error(rendered.error.message);
      if (this.cancelled.has(utterance.id)) return;
      const wav = encodeWav(rendered.value);
      this.seq += 1;
      if (this.opts.sink.kind === 'wav') {
        mkdirSync(this.opts.sink.dir, { recursive: true });
        const file = join(this.opts.sink.dir, `${String(this.seq).padStart(4, '0')}-${utterance.id}.wav`);
        writeFileSync(file, wav);
        this.state.lastFile = file;
      } else {
        await this.playFile(this.opts.sink.player, wav, utterance.id);
      }
      this.state.played += 1;
    } catch (error) {
      this.state.failures += 1;
      this.state.lastError = (error as Error).message;
      throw error;
    } finally {
      this.cancelled.delete(utterance.id);
      this.state.playing = false;
      if (this.clips.lastProblem) this.state.lastError = this.clips.lastProblem;
    }
  }

  status(): AudioStatus {
    return { ...this.state };
  }

  cancel(id: string): void {
    this.cancelled.add(id);
    if (this.playing?.id === id) this.playing.stop();
  }

  private playFile(player: string, wav: Buffer, id: string): Promise<void> {
    this.scratch ??= mkdtempSync(join(tmpdir(), 'lianxin-audio-'));
    const file = join(this.scratch, `${this.seq}.wav`);
    writeFileSync(file, wav);
    const args = basename(player) === 'aplay' ? ['-q', file] : [file];
    return new Promise<void>((resolve, reject) => {
      const child = spawn(player, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      this.playing = { id, stop: () => child.kill('SIGTERM') };
      const errors: Buffer[] = [];
      child.stderr.on('data', (b: Buffer) => errors.push(b));
      child.on('error', reject);
      child.on('close', (code) => {
        rmSync(file, { force: true });
        this.playing = null;
        if (code === 0 || this.cancelled.has(id)) resolve();
        else reject(new Error(`${basename(player)} exited with ${code}: ${Buffer.concat(errors).toString().trim()}`));
      });
    });
  }
}
