import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EscPos } from '../../../hardware/printer/escpos.ts';
import { FakeTicketPrinter } from '../../../hardware/printer/fake.ts';
import { DevicePrinter, SimulatedPrinter } from '../../../hardware/printer/file-printers.ts';
import { encodeGb18030, printWidth } from '../../../hardware/printer/gb18030.ts';
import { paperColumns, ticketBytes } from '../../../hardware/printer/ticket-layout.ts';
import type { TicketPrintout } from '../../../hardware/printer/types.ts';
import { tempDir } from '../../helpers/temp.ts';

const golden = fileURLToPath(new URL('../../golden/printer/ticket-B003.escpos', import.meta.url));

const ticket: TicketPrintout = {
  number: 'B003',
  item: { zh: '城乡居民基本养老保险参保登记', en: 'Basic pension insurance: enrolment' },
  priority: true,
  peopleAhead: 2,
  estimatedWaitMinutes: 18,
  documents: [
    { zh: '居民身份证', en: 'Resident ID card' },
    { zh: '社会保障卡或本人银行卡', en: 'Social security card or own bank card' },
  ],
  takenAtLocal: '2026-11-23 10:05',
};

/** The printable lines of a ticket: bytes decoded as GB18030 with the ESC/POS commands removed. */
function printedLines(bytes: Uint8Array): string[] {
  const text = new TextDecoder('gb18030').decode(bytes);
  return text
    .replace(new RegExp(String.raw`\x1b@|\x1c&|\x1b[aEd][\s\S]|\x1d![\s\S]|\x1dVB\x00`, 'g'), '')
    .split('\n')
    .filter((l) => l !== '');
}

describe('ticket printer bytes (58 mm, ESC/POS, GB18030)', () => {
  it('match the golden file byte for byte', () => {
    const bytes = ticketBytes(ticket);
    // Regenerate deliberately (UPDATE_GOLDEN=1) after a layout change, then look at the printed lines.
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, bytes);
    expect(existsSync(golden), `golden file ${golden}`).toBe(true);
    expect(Buffer.from(bytes).equals(readFileSync(golden))).toBe(true);
  });

  it('start with reset + Chinese mode, print the big number, and end with feed and cut', () => {
    const bytes = [...ticketBytes(ticket)];
    expect(bytes.slice(0, 4)).toEqual([0x1b, 0x40, 0x1c, 0x26]);
    expect(bytes.slice(-7)).toEqual([0x1b, 0x64, 4, 0x1d, 0x56, 0x42, 0x00]);
    const big = [0x1d, 0x21, 0x22, ...Buffer.from('B003\n')];
    expect(Buffer.from(bytes).includes(Buffer.from(big))).toBe(true);
  });

  it('carry number, item, people ahead, wait, documents and time, each line within 32 columns', () => {
    const lines = printedLines(ticketBytes(ticket));
    const all = lines.join('\n');
    for (const expected of ['B003', '城乡居民基本养老保险参保登记', '前面还有 2 人，约等 18 分钟', '居民身份证', '社会保障卡或本人银行卡', '2026-11-23 10:05', '优先']) {
      expect(all.replace(/\n\s*/g, '')).toContain(expected);
    }
    // The big number is printed triple width; every other line fits the paper.
    for (const line of lines.filter((l) => l !== 'B003')) expect(printWidth(line), line).toBeLessThanOrEqual(paperColumns);
  });

  it('encode Chinese as GB18030 double bytes (请 = C7 EB) and unknown characters as "?"', () => {
    expect([...encodeGb18030('请A3号')]).toEqual([0xc7, 0xeb, 0x41, 0x33, 0xba, 0xc5]);
    expect(new TextDecoder('gb18030').decode(encodeGb18030('芙蓉路社区·红石崖'))).toBe('芙蓉路社区·红石崖');
    expect([...encodeGb18030('😀')]).toEqual([0x3f]);
    expect([...new EscPos().align('centre').bold(true).bytes()]).toEqual([0x1b, 0x61, 1, 0x1b, 0x45, 1]);
  });

  it('the fake keeps what it printed and can fail like a printer out of paper', async () => {
    const fake = new FakeTicketPrinter();
    fake.failNext = true;
    expect(await fake.print(ticket)).toMatchObject({ ok: false, error: { code: 'printer-failed' } });
    expect(await fake.print(ticket)).toEqual({ ok: true, value: undefined });
    expect(fake.status()).toMatchObject({ state: 'ready', printed: 1 });
  });

  it('the simulator writes each ticket to its own file and the device printer appends to the device', async () => {
    const dir = tempDir('lianxin-printer-');
    try {
      const simulator = new SimulatedPrinter(join(dir.path, 'printer'));
      expect(await simulator.print(ticket)).toEqual({ ok: true, value: undefined });
      expect(readFileSync(join(dir.path, 'printer', '2026-11-23-B003.escpos')).equals(readFileSync(golden))).toBe(true);
      const device = new DevicePrinter(join(dir.path, 'lp0'));
      await device.print(ticket);
      await device.print(ticket);
      expect(readFileSync(join(dir.path, 'lp0')).length).toBe(2 * ticketBytes(ticket).length);
      const unplugged = new DevicePrinter(join(dir.path, 'no-such-dir', 'lp0'));
      expect(await unplugged.print(ticket)).toMatchObject({ ok: false, error: { code: 'printer-failed', message: expect.stringContaining('ENOENT') } });
      expect(unplugged.status()).toMatchObject({ state: 'failed', lastError: 'ENOENT' });
    } finally {
      dir.cleanup();
    }
  });
});
