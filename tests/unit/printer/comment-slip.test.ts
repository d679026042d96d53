import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FakeTicketPrinter } from '../../../hardware/printer/fake.ts';
import { SimulatedPrinter } from '../../../hardware/printer/file-printers.ts';
import { paperColumns, printoutBytes } from '../../../hardware/printer/ticket-layout.ts';
import { printWidth } from '../../../hardware/printer/gb18030.ts';
import type { CommentSlip } from '../../../hardware/printer/types.ts';
import { tempDir } from '../../helpers/temp.ts';

const slip: CommentSlip = { kind: 'comment', reference: 'K7M2QP', category: { zh: '议题', en: 'Topic' }, meetingDay: '2026-12-15', sentAtLocal: '2026-12-07 09:05' };

/** The printable lines: bytes decoded as GB18030 with the ESC/POS commands removed. */
function printedLines(bytes: Uint8Array): string[] {
  const text = new TextDecoder('gb18030').decode(bytes);
  return text
    .replace(new RegExp(String.raw`\x1b@|\x1c&|\x1b[aEd][\s\S]|\x1d![\s\S]|\x1dVB\x00`, 'g'), '')
    .split('\n')
    .filter((l) => l !== '');
}

describe("a comment's slip on the ticket printer", () => {
  it('prints the 查询码 large, where to type it, the meeting day and the time, within 32 columns', () => {
    const bytes = printoutBytes(slip);
    const big = [0x1d, 0x21, 0x22, ...Buffer.from('K7M2QP\n')];
    expect(Buffer.from(bytes).includes(Buffer.from(big))).toBe(true);
    const lines = printedLines(bytes);
    expect(lines).toContain('K7M2QP');
    expect(lines.join('')).toContain('查进度');
    expect(lines).toContain('议事会 Meeting: 2026-12-15');
    expect(lines).toContain('提交时间 Sent: 2026-12-07 09:05');
    for (const line of lines.filter((l) => l !== 'K7M2QP')) expect(printWidth(line), line).toBeLessThanOrEqual(paperColumns);
    expect([...bytes].slice(-7)).toEqual([0x1b, 0x64, 4, 0x1d, 0x56, 0x42, 0x00]);
  });

  it('is kept apart from tickets by the fake and named by its code by the simulator', async () => {
    const fake = new FakeTicketPrinter();
    expect((await fake.print(slip)).ok).toBe(true);
    expect(fake.printed).toEqual([]);
    expect(fake.slips.map((s) => s.slip.reference)).toEqual(['K7M2QP']);
    const dir = tempDir('lianxin-slip-');
    try {
      expect((await new SimulatedPrinter(dir.path).print(slip)).ok).toBe(true);
      expect(readdirSync(dir.path)).toEqual(['2026-12-07-comment-K7M2QP.escpos']);
    } finally {
      dir.cleanup();
    }
  });
});
