import { encodeGb18030, printWidth } from './gb18030.ts';

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;

/** The handful of ESC/POS commands a queue ticket needs, accumulated as bytes. */
export class EscPos {
  private readonly chunks: number[] = [];

  /** ESC @ reset, then FS & (Chinese character mode: double bytes read as GB18030). */
  initialize(): this {
    return this.raw(ESC, 0x40, FS, 0x26);
  }

  align(where: 'left' | 'centre'): this {
    return this.raw(ESC, 0x61, where === 'left' ? 0 : 1);
  }

  /** GS ! : width and height multipliers 1–8. */
  size(width: number, height: number): this {
    return this.raw(GS, 0x21, ((width - 1) << 4) | (height - 1));
  }

  bold(on: boolean): this {
    return this.raw(ESC, 0x45, on ? 1 : 0);
  }

  text(text: string): this {
    for (const byte of encodeGb18030(text)) this.chunks.push(byte);
    return this;
  }

  line(text = ''): this {
    return this.text(text).raw(0x0a);
  }

  /**
   * Wraps to `columns` (32 on 58 mm paper at normal size), indenting continuation lines; breaks
   * between any two Chinese characters and at spaces in Latin text.
   */
  wrapped(text: string, columns: number, indent = ''): this {
    let line = '';
    const flush = () => {
      this.line(line.trimEnd());
      line = indent;
    };
    for (const word of text.match(/[ -~]+|./gu) ?? []) {
      for (const piece of word.length > 1 ? word.split(/(?<= )/) : [word]) {
        if (printWidth(line + piece.trimEnd()) > columns && line.trim() !== '') flush();
        line += line === indent && piece.startsWith(' ') ? piece.trimStart() : piece;
      }
    }
    if (line.trim() !== '') flush();
    return this;
  }

  /** GS ( k, model 2: store `data` as a QR code (error level M, module size 6), then print it. */
  qr(data: string): this {
    const bytes = [...Buffer.from(data, 'utf8')];
    const store = bytes.length + 3;
    return this.raw(GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0x00)
      .raw(GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, 6)
      .raw(GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, 0x31)
      .raw(GS, 0x28, 0x6b, store & 0xff, store >> 8, 0x31, 0x50, 0x30, ...bytes)
      .raw(GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30);
  }

  /** ESC d n: print and feed n lines. */
  feed(lines: number): this {
    return this.raw(ESC, 0x64, lines);
  }

  /** GS V 66 0: feed to the cutter and cut (printers without a cutter ignore it). */
  cut(): this {
    return this.raw(GS, 0x56, 0x42, 0x00);
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }

  private raw(...bytes: number[]): this {
    this.chunks.push(...bytes);
    return this;
  }
}
