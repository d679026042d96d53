/**
 * GB18030 encoding for the printer's Chinese mode. Node ships a GB18030 decoder (TextDecoder, ICU)
 * but no encoder, so the two-byte table is built once by decoding every two-byte code and inverting
 * the result (≈24,000 characters, ~20 ms). That covers GBK: all characters a ticket uses. Characters
 * outside it (rare four-byte GB18030 codes, emoji) print as "?".
 */
let table: Map<string, number> | null = null;

function twoByteTable(): Map<string, number> {
  if (table) return table;
  const decoder = new TextDecoder('gb18030', { fatal: true });
  const map = new Map<string, number>();
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      let char: string;
      try {
        char = decoder.decode(pair);
      } catch {
        continue;
      }
      // The first code wins: later duplicates are compatibility mappings the printer font may lack.
      if ([...char].length === 1 && !map.has(char)) map.set(char, (lead << 8) | trail);
    }
  }
  table = map;
  return map;
}

export function encodeGb18030(text: string): Uint8Array {
  const codes = twoByteTable();
  const out: number[] = [];
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (cp < 0x80) {
      out.push(cp);
      continue;
    }
    const code = codes.get(char);
    if (code === undefined) out.push(0x3f);
    else out.push(code >> 8, code & 0xff);
  }
  return Uint8Array.from(out);
}

/** Printed width in columns of the 12-dot font: ASCII 1, anything double-byte 2. */
export function printWidth(text: string): number {
  let width = 0;
  for (const char of text) width += char.codePointAt(0)! < 0x80 ? 1 : 2;
  return width;
}
