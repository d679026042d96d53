import { describe, expect, it } from 'vitest';
import { CounterLineParser, formatCounterEvent, maxLineBytes, parseCounterLine } from '../../../hardware/counter/protocol.ts';
import type { CounterEvent } from '../../../hardware/counter/types.ts';

const parseAll = (chunks: readonly (Buffer | string)[]) => {
  const parser = new CounterLineParser();
  const out = { events: [] as CounterEvent[], rejected: 0, accepted: 0 };
  for (const chunk of chunks) {
    const parsed = parser.push(chunk);
    out.events.push(...parsed.events);
    out.rejected += parsed.rejected;
    out.accepted += parsed.accepted;
  }
  return out;
};

describe('counter line', () => {
  it.each([
    ['D1 IN 2', { kind: 'in', door: 1, count: 2 }],
    ['D2 OUT 13', { kind: 'out', door: 2, count: 13 }],
    ['D3 DOOR OPEN', { kind: 'door', door: 3, open: true }],
    ['D1 DOOR CLOSED', { kind: 'door', door: 1, open: false }],
    ['IN 1', { kind: 'in', door: 1, count: 1 }],
    ['  D2 IN 99 ', { kind: 'in', door: 2, count: 99 }],
  ] as const)('%j parses', (line, event) => {
    expect(parseCounterLine(line)).toEqual(event);
  });

  it.each(['D1 IN 0', 'D1 IN 100', 'D0 IN 1', 'D10 IN 1', 'd1 in 2', 'D1 IN -1', 'D1 IN 2 3', 'D1IN 2', 'D1 DOOR AJAR', 'D1 IN', 'IN 02', 'OUT 1.5', ''])(
    '%j is refused',
    (line) => {
      expect(parseCounterLine(line)).toBeNull();
    },
  );

  it('formats what it parses', () => {
    for (const event of [
      { kind: 'in', door: 1, count: 3 },
      { kind: 'out', door: 2, count: 1 },
      { kind: 'door', door: 1, open: true },
      { kind: 'door', door: 2, open: false },
    ] as CounterEvent[]) {
      expect(parseAll([formatCounterEvent(event)]).events).toEqual([event]);
    }
  });
});

describe('counter stream', () => {
  // Garbage a counter line picks up: a cut line at power-on, NUL runs, an ANSI sequence from a
  // terminal left attached, a glued pair, non-ASCII noise, a run far longer than any line.
  const stream = Buffer.concat([
    Buffer.from('N 3\r\nD1 DOOR OPEN\r\n'),
    Buffer.from([0, 0, 0, 0x0a]),
    Buffer.from('D1 IN 2\n\x1b[2JD1 IN 5\nD2 OUT 1D2 OUT 1\n'),
    Buffer.from([0xff, 0xfe, 0x44, 0x31, 0x0a]),
    Buffer.from('D2\0 OUT 4\n'),
    Buffer.from('X'.repeat(maxLineBytes * 3) + ' D1 IN 9\n'),
    Buffer.from('\n\r\nD2 OUT 3\r\nD1 IN 1\nD1 DOOR CLOSED\nD1 IN'),
  ]);
  const expected: CounterEvent[] = [
    { kind: 'door', door: 1, open: true },
    { kind: 'in', door: 1, count: 2 },
    { kind: 'out', door: 2, count: 3 },
    { kind: 'in', door: 1, count: 1 },
    { kind: 'door', door: 1, open: false },
  ];

  it('keeps the good lines and rejects garbage, glued and cut ones', () => {
    const parsed = parseAll([stream]);
    expect(parsed.events).toEqual(expected);
    expect(parsed.accepted).toBe(5);
    // "N 3", NUL line, ANSI line, glued pair, high bytes, NUL inside, over-long run.
    expect(parsed.rejected).toBe(7);
  });

  it('gives the same result whatever the chunk boundary (every split point)', () => {
    const whole = parseAll([stream]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const split = parseAll([stream.subarray(0, cut), stream.subarray(cut)]);
      expect(split, `split at byte ${cut}`).toEqual(whole);
    }
  });

  it('gives the same result fed one byte at a time, and in three pieces', () => {
    const whole = parseAll([stream]);
    expect(parseAll([...stream].map((b) => Buffer.from([b])))).toEqual(whole);
    for (let a = 0; a < stream.length; a += 7) {
      for (let b = a; b <= stream.length; b += 11) {
        expect(parseAll([stream.subarray(0, a), stream.subarray(a, b), stream.subarray(b)])).toEqual(whole);
      }
    }
  });

  it('holds a partial line until its end arrives, and forgets it on reset', () => {
    const parser = new CounterLineParser();
    expect(parser.push('D1 IN').events).toEqual([]);
    expect(parser.push(' 4\n').events).toEqual([{ kind: 'in', door: 1, count: 4 }]);
    parser.push('D1 OU');
    parser.reset();
    const after = parser.push('T 2\nD2 OUT 2\n');
    expect(after.events).toEqual([{ kind: 'out', door: 2, count: 2 }]);
    expect(after.rejected).toBe(1);
  });
});
