import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '../../src/core/result.ts';
import { findProgram } from './programs.ts';
import { SimulatedAudio } from './simulator.ts';
import { SpeechAudio } from './speaker.ts';
import type { AudioOutput } from './types.ts';

export interface AudioSelection {
  output: 'auto' | 'speaker' | 'wav' | 'simulator';
  clipsDir: string | null;
  wavDir: string;
  wordsPerMinute?: number;
  /** Simulator: where its lines go and how fast time runs. */
  log: (line: string) => void;
  speed?: number;
  env?: NodeJS.ProcessEnv;
}

/** A sound server or card this machine can play on, and the program that plays on it. */
function findSpeaker(env: NodeJS.ProcessEnv): string | null {
  const paplay = findProgram('paplay', env.PATH);
  const runtime = env.XDG_RUNTIME_DIR;
  if (paplay && (env.PULSE_SERVER || (runtime && existsSync(join(runtime, 'pulse', 'native'))))) return paplay;
  const aplay = findProgram('aplay', env.PATH);
  if (aplay && existsSync('/dev/snd')) return aplay;
  return null;
}

/**
 * The output the config asks for. "auto" plays on a speaker when there is one and otherwise falls
 * back to the simulator, so the demo runs on any machine; "speaker" without one is a start-up error.
 */
export function createAudioOutput(sel: AudioSelection): Result<AudioOutput, 'no-speaker'> {
  const env = sel.env ?? process.env;
  const tts = findProgram('espeak-ng', env.PATH);
  const speech = { clipsDir: sel.clipsDir, tts, wordsPerMinute: sel.wordsPerMinute };
  if (sel.output === 'wav') return ok(new SpeechAudio({ ...speech, sink: { kind: 'wav', dir: sel.wavDir } }));
  if (sel.output === 'simulator') return ok(new SimulatedAudio({ log: sel.log, speed: sel.speed }));
  const player = findSpeaker(env);
  if (player) return ok(new SpeechAudio({ ...speech, sink: { kind: 'speaker', player } }));
  if (sel.output === 'speaker') {
    return err('no-speaker', 'audio.output is "speaker" but no sound output was found (paplay with a PulseAudio/PipeWire server, or aplay with /dev/snd)');
  }
  return ok(new SimulatedAudio({ log: sel.log, speed: sel.speed }));
}
