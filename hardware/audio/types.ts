/**
 * What the announcer hands to the speaker: one utterance at a time, its texts split into segments so
 * a real output can use a recorded clip for each fixed phrase and place name, and speech synthesis
 * for whatever has no clip. The speaker, WAV writer, simulator and fake all implement AudioOutput.
 */
export type SpeechLang = 'zh' | 'en';

export type SpeechSegment =
  /** Fixed wording from a template: a clip is looked up by its exact text (the wording can change). */
  | { kind: 'phrase'; text: string }
  /** A stop or node name: a clip is looked up by the place id. */
  | { kind: 'place'; place: 'stop' | 'node'; id: string; text: string }
  /** Free text (service calls): always synthesised. */
  | { kind: 'free'; text: string };

export interface SpokenPart {
  lang: SpeechLang;
  /** The whole text of this part, as shown on screen. */
  text: string;
  segments: SpeechSegment[];
}

export interface Utterance {
  id: string;
  /** Parts in speaking order (Chinese, then English). */
  parts: SpokenPart[];
  /** 0..1, from the time-of-day schedule. */
  volume: number;
}

export type AudioOutputKind = 'speaker' | 'wav' | 'simulator' | 'fake';

export interface AudioStatus {
  output: AudioOutputKind;
  playing: boolean;
  /** The program that plays sound (aplay/paplay), or null. */
  player: string | null;
  /** The speech synthesiser used for missing clips, or null when none was found. */
  tts: string | null;
  played: number;
  failures: number;
  lastError: string | null;
  /** WAV mode: the file written for the last utterance. */
  lastFile: string | null;
}

export interface AudioOutput {
  /** Resolves when the utterance has been spoken (or written); rejects when it could not be. */
  play(utterance: Utterance): Promise<void>;
  /** Cuts the utterance short (a resident's read-aloud giving way); its play() then resolves. */
  cancel?(id: string): void;
  status(): AudioStatus;
}
