import { describe, expect, it } from 'vitest';
import { readAloudChunks, splitSentences } from '../../../src/announce/read-aloud.ts';
import { ev, setup, zhOf } from './support.ts';

const article = '基本医疗保险由本人到社区办理。需要带身份证和户口本。办理后次月生效！如有疑问，请咨询车上工作人员。';

describe("a resident's read-aloud through the announcer", () => {
  it('reads every sentence through the audio output, one chunk at a time, at the schedule volume, and says when it ends', async () => {
    const { audio, announcer, started } = setup();
    const states: boolean[] = [];
    announcer.reading.on((r) => states.push(r.speaking));
    const chunks = readAloudChunks([[{ content: '医保' }], [{ content: article.repeat(2) }]], 'zh');
    expect(chunks.length).toBeGreaterThan(2);
    announcer.read(chunks);
    await audio.drain();
    expect(audio.played.map(zhOf).join('').replace(/\s/g, '')).toBe(`医保${article.repeat(2)}`.replace(/\s/g, ''));
    expect(audio.played.every((u) => u.volume === 0.9)).toBe(true);
    expect(audio.maxConcurrent).toBe(1);
    // Not an announcement: the screens' announcement line and the recent list stay as they were.
    expect(started).toEqual([]);
    expect(announcer.recent()).toEqual([]);
    expect(states).toEqual([true, false]);
  });

  it('a stop announcement cuts the chunk in play short, goes first, and the reading resumes with that chunk', async () => {
    const { audio, announcer } = setup();
    announcer.read(readAloudChunks([[{ content: article }]], 'zh'));
    const reading = audio.played[0]!;
    announcer.handleTripEvents([ev('approaching', 'hongfu-jiayuan')]);
    expect(audio.cancelled).toEqual([reading.id]);
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(zhOf(audio.played[1]!)).toContain('宏福佳苑');
    await audio.finish();
    expect(zhOf(audio.played[2]!)).toBe(zhOf(reading));
    await audio.drain();
    expect(audio.maxConcurrent).toBe(1);
  });

  it('stop ends it mid-chunk; a new read-aloud replaces the last', async () => {
    const { audio, announcer } = setup();
    const states: { id: string; speaking: boolean }[] = [];
    announcer.reading.on((r) => states.push(r));
    const first = announcer.read(readAloudChunks([[{ content: article }]], 'zh'));
    const second = announcer.read(readAloudChunks([[{ content: '养老保险。' }]], 'zh'));
    expect(states).toEqual([
      { id: first.id, speaking: true },
      { id: first.id, speaking: false },
      { id: second.id, speaking: true },
    ]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(announcer.stopReading()).toBe(true);
    expect(audio.playing).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(audio.played.map(zhOf)).toEqual([zhOf(audio.played[0]!), '养老保险。']);
    expect(announcer.stopReading()).toBe(false);
  });

  it('splits long text at sentence ends and never loses a character', () => {
    const long = article.repeat(5);
    const parts = splitSentences(long);
    expect(parts.every((p) => p.length <= 90)).toBe(true);
    expect(parts.join('').replace(/\s/g, '')).toBe(long);
  });
});
