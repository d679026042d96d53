/**
 * Bytes → NMEA sentences, surviving what receivers really send: junk or a stray character before
 * `$`, NUL runs, ANSI escapes and binary protocol frames (any byte outside printable ASCII ends the
 * sentence it interrupts), glued sentences (`…*hh$…`), sentences cut mid-line (a new `$` restarts),
 * CRLF or LF, and endless garbage (a sentence longer than maxLength is dropped: bounded memory).
 * Checksums are the decoder's business; the framer only delimits.
 */
import { Transform, type TransformCallback } from 'node:stream';

export interface FramerCounts {
  sentences: number;
  /** Bytes outside any sentence, and bytes of sentences that were cut or overlong. */
  discardedBytes: number;
  overlong: number;
}

/** NMEA 0183 says 82; real receivers (NMEA 4.11 GSV, proprietary) go beyond, so leave room. */
export const defaultMaxSentenceLength = 256;

export class NmeaFramer {
  readonly counts: FramerCounts = { sentences: 0, discardedBytes: 0, overlong: 0 };
  private readonly carry: Buffer;
  private carryLength = 0;
  private inSentence = false;

  constructor(private readonly maxLength = defaultMaxSentenceLength) {
    this.carry = Buffer.allocUnsafe(maxLength);
  }

  /** Bytes held for a sentence still in progress; never more than maxLength. */
  get bufferedBytes(): number {
    return this.carryLength;
  }

  /** Feeds bytes; calls `emit` for every complete sentence (`$…`, without line ending). */
  push(bytes: Uint8Array, emit: (sentence: string) => void): void {
    const chunk = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    const n = chunk.length;
    let i = 0;
    let start = 0;
    let inSentence = this.inSentence;
    while (i < n) {
      if (!inSentence) {
        const dollar = chunk.indexOf(0x24, i);
        if (dollar < 0) {
          this.counts.discardedBytes += n - i;
          break;
        }
        this.counts.discardedBytes += dollar - i;
        inSentence = true;
        this.carryLength = 0;
        start = dollar;
        i = dollar + 1;
        continue;
      }
      // The body of a sentence: printable ASCII other than `$`.
      let b = 0;
      while (i < n) {
        b = chunk[i]!;
        if (b < 0x20 || b > 0x7e || b === 0x24) break;
        i++;
      }
      const length = this.carryLength + (i - start);
      if (length > this.maxLength) {
        this.counts.overlong++;
        this.counts.discardedBytes += length;
        inSentence = false;
        this.carryLength = 0;
        continue; // the byte at i (if any) is looked at again outside a sentence
      }
      if (i === n) break;
      if (b === 0x24) {
        this.endOfSentence(chunk, start, i, true, emit);
        this.carryLength = 0;
        start = i;
      } else if (b === 0x0d || b === 0x0a) {
        this.endOfSentence(chunk, start, i, false, emit);
        inSentence = false;
      } else {
        // Binary frame, NUL or escape inside a sentence: what we hold cannot be trusted.
        this.counts.discardedBytes += length + 1;
        inSentence = false;
        this.carryLength = 0;
      }
      i++;
    }
    if (inSentence) {
      this.carryLength += chunk.copy(this.carry, this.carryLength, start, n);
    }
    this.inSentence = inSentence;
  }

  /** End of input: a last sentence without line ending counts only if it ends in a checksum. */
  end(emit: (sentence: string) => void): void {
    if (this.inSentence) this.endOfSentence(Buffer.alloc(0), 0, 0, true, emit);
    this.inSentence = false;
    this.carryLength = 0;
  }

  /** Sentence text spans the carry plus chunk[start, end). `glued` = ended by something other than CR/LF. */
  private endOfSentence(chunk: Buffer, start: number, end: number, glued: boolean, emit: (s: string) => void): void {
    const tail = chunk.toString('latin1', start, end);
    const text = this.carryLength === 0 ? tail : this.carry.toString('latin1', 0, this.carryLength) + tail;
    this.carryLength = 0;
    // Cut by the next `$`: keep it only when it is complete up to its checksum (`…*hh$…`).
    if (glued && !(text.length >= 4 && text.charCodeAt(text.length - 3) === 0x2a)) {
      this.counts.discardedBytes += text.length;
      return;
    }
    if (text.length < 2) {
      this.counts.discardedBytes += text.length;
      return;
    }
    this.counts.sentences++;
    emit(text);
  }
}

/** node:stream Transform: bytes in, one string per sentence out (object mode). */
export class NmeaFrameStream extends Transform {
  readonly framer: NmeaFramer;
  private readonly emitSentence = (s: string): void => {
    this.push(s);
  };

  constructor(maxLength = defaultMaxSentenceLength) {
    super({ readableObjectMode: true });
    this.framer = new NmeaFramer(maxLength);
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.framer.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk, this.emitSentence);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.framer.end(this.emitSentence);
    callback();
  }
}
