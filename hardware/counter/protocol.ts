import type { CounterEvent } from './types.ts';

/**
 * The counter's line protocol (documented in docs/ridership-and-feedback.md):
 *
 *   [D<door> ]IN <n>        n passengers boarded through that door (n = 1..99)
 *   [D<door> ]OUT <n>       n passengers alighted
 *   [D<door> ]DOOR OPEN     the door opened
 *   [D<door> ]DOOR CLOSED   the door closed
 *
 * door = 1..9 (no prefix: door 1), one ASCII line each, ended by LF (CR before it is ignored).
 * A counter has no checksum, so a line is taken only when it matches whole: a cut or glued line
 * is rejected rather than guessed at, because a wrong count is worse than a missing one.
 */
const linePattern = /^(?:D([1-9]) )?(?:(IN|OUT) ([1-9][0-9]?)|DOOR (OPEN|CLOSED))$/;

/** Longest line kept while waiting for its end; anything longer is noise and is dropped. */
export const maxLineBytes = 64;

export function parseCounterLine(line: string): CounterEvent | null {
  const match = linePattern.exec(line.trim());
  if (!match) return null;
  const door = match[1] === undefined ? 1 : Number(match[1]);
  if (match[4] !== undefined) return { kind: 'door', door, open: match[4] === 'OPEN' };
  const count = Number(match[3]);
  return match[2] === 'IN' ? { kind: 'in', door, count } : { kind: 'out', door, count };
}

export function formatCounterEvent(event: CounterEvent): string {
  const verb =
    event.kind === 'door' ? `DOOR ${event.open ? 'OPEN' : 'CLOSED'}` : `${event.kind.toUpperCase()} ${event.count}`;
  return `D${event.door} ${verb}\n`;
}

export interface ParsedChunk {
  events: CounterEvent[];
  rejected: number;
  accepted: number;
}

/**
 * Turns a byte stream into counter events, whatever the chunk boundaries: a partial line waits
 * for the next chunk, an over-long run without LF is dropped up to its next LF, and NUL or
 * other control bytes make the line they are on invalid.
 */
export class CounterLineParser {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** True while discarding an over-long line up to its LF. */
  private skipping = false;

  push(chunk: Buffer | string): ParsedChunk {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    const out: ParsedChunk = { events: [], rejected: 0, accepted: 0 };
    let start = 0;
    for (;;) {
      const newline = bytes.indexOf(0x0a, start);
      if (newline === -1) {
        this.keep(bytes.subarray(start), out);
        return out;
      }
      this.keep(bytes.subarray(start, newline), out);
      this.finishLine(out);
      start = newline + 1;
    }
  }

  /** Forgets a half-received line, e.g. when the port closes mid-line. */
  reset(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = false;
  }

  private keep(part: Buffer, out: ParsedChunk): void {
    if (this.skipping || part.length === 0) return;
    if (this.pendingBytes + part.length > maxLineBytes) {
      out.rejected++;
      this.reset();
      this.skipping = true;
      return;
    }
    this.pending.push(part);
    this.pendingBytes += part.length;
  }

  private finishLine(out: ParsedChunk): void {
    if (this.skipping) {
      this.reset();
      return;
    }
    const raw = Buffer.concat(this.pending).toString('latin1');
    this.reset();
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    // Printable ASCII only: a control byte or high byte means the line was corrupted on the wire.
    const event = /^[\x20-\x7e]*$/.test(line) ? parseCounterLine(line) : null;
    if (event) {
      out.events.push(event);
      out.accepted++;
    } else {
      out.rejected++;
    }
  }
}
