import type { AudioOutput, AudioStatus, Utterance } from './types.ts';

/**
 * An in-memory output for unit tests: each play stays "speaking" until the test calls finish() (or
 * fail()), so a test decides exactly when an utterance ends and can check that two never overlap.
 */
export class FakeAudio implements AudioOutput {
  readonly played: Utterance[] = [];
  /** The most utterances that were ever playing at the same time. */
  maxConcurrent = 0;
  /** Ids of the utterances cut short by cancel(). */
  readonly cancelled: string[] = [];
  private current: { id: string; resolve: () => void; reject: (e: Error) => void }[] = [];
  private state: AudioStatus = { output: 'fake', playing: false, player: null, tts: null, played: 0, failures: 0, lastError: null, lastFile: null };

  play(utterance: Utterance): Promise<void> {
    this.played.push(utterance);
    return new Promise<void>((resolve, reject) => {
      this.current.push({ id: utterance.id, resolve, reject });
      this.maxConcurrent = Math.max(this.maxConcurrent, this.current.length);
      this.state.playing = true;
    });
  }

  cancel(id: string): void {
    const k = this.current.findIndex((c) => c.id === id);
    if (k < 0) return;
    this.cancelled.push(id);
    const [cut] = this.current.splice(k, 1);
    this.state.playing = this.current.length > 0;
    cut!.resolve();
  }

  get playing(): boolean {
    return this.current.length > 0;
  }

  /** Ends the oldest utterance in play; resolves once the announcer has reacted to it. */
  async finish(): Promise<void> {
    const first = this.current.shift();
    if (!first) throw new Error('FakeAudio.finish: nothing is playing');
    this.state.played += 1;
    this.state.playing = this.current.length > 0;
    first.resolve();
    await settle();
  }

  async fail(message: string): Promise<void> {
    const first = this.current.shift();
    if (!first) throw new Error('FakeAudio.fail: nothing is playing');
    this.state.failures += 1;
    this.state.lastError = message;
    this.state.playing = this.current.length > 0;
    first.reject(new Error(message));
    await settle();
  }

  /** Finishes utterances until none is left (the announcer starts the next as each ends). */
  async drain(limit = 100): Promise<void> {
    for (let i = 0; this.playing; i++) {
      if (i >= limit) throw new Error(`FakeAudio.drain: still playing after ${limit} utterances`);
      await this.finish();
    }
  }

  status(): AudioStatus {
    return { ...this.state };
  }
}

/** Lets promise callbacks (the announcer's "utterance ended" handler) run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
