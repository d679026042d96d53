/**
 * `lianxin office export` on the SQLite ledger: JSON Lines and CSV (BOM, quoting, formula
 * neutralisation, payload columns), paging in (bus, seq) order, --bus, --out written whole or not
 * at all, usage errors, backpressure towards a slow consumer, and once as a real process.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { officeCommand } from '../../../src/cli/commands/office.ts';
import { ManualClock } from '../../../src/core/clock.ts';
import { unwrap } from '../../../src/core/result.ts';
import { SqliteLedger } from '../../../src/office/ledger/sqlite.ts';
import { OfficeStore } from '../../../src/office/store.ts';
import type { Envelope } from '../../../src/protocol/envelope.ts';
import { tempDir } from '../../helpers/temp.ts';
import { capturedIo } from '../../helpers/cli-io.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const receivedAt = '2026-11-23T02:00:00.000Z';
let ids = 0;
const envelope = (busId: string, seq: number, kind: string, payload: unknown): Envelope => ({
  v: 1,
  id: `0190a1b2-0000-7000-8000-${String(++ids).padStart(12, '0')}`,
  busId,
  seq,
  kind,
  at: `2026-11-23T01:${String(seq % 60).padStart(2, '0')}:00.000Z`,
  payload,
});

const io = (stdout?: NodeJS.WritableStream) => capturedIo('', stdout);

const dir = tempDir();
const config = join(dir.path, 'config.json');
const run = (args: string[], session = io()) => officeCommand.run(['export', ...args, '--config', config], session).then((code) => ({ code, ...session }));

// Feedback rows as residents typed them: commas, quotes, newlines, formula openers, nested data.
const feedback = [
  envelope('bus-a', 3, 'feedback', { text: '红芙路口,路灯坏了 "很暗"\n请修', stop: '芙蓉站' }),
  envelope('bus-a', 7, 'feedback', { text: '=HYPERLINK("http://x.example","点我")', rating: 5 }),
  envelope('bus-a', 9, 'feedback', { text: '+86 138', detail: { seat: [1, 2], 轮椅: true } }),
  envelope('bus-b', 2, 'feedback', { text: '@所有人 -1 分' }),
  envelope('bus-b', 5, 'feedback', '只是一句话'),
  envelope('bus-b', 8, 'feedback', [1, '二']),
];
// 4,500 counts over two buses with positions interleaved; committed bus-b first so order is the export's.
const counts: Envelope[] = [];
const others: Envelope[] = [];
for (const busId of ['bus-b', 'bus-a'])
  for (let seq = 100; seq < 3100; seq++) (seq % 4 === 0 ? others : counts).push(envelope(busId, seq, seq % 4 === 0 ? 'position' : 'count', { n: seq, busId }));

beforeAll(async () => {
  writeFileSync(config, JSON.stringify({ office: { dataDir: dir.path } }));
  const store = unwrap(await OfficeStore.open(join(dir.path, 'office.db'), new ManualClock(receivedAt)));
  await store.ledger.commitBatch([...counts, ...others, ...feedback]);
  await store.ledger.commitBatch(Array.from({ length: 20_000 }, (_, i) => envelope('bus-c', i + 1, 'tick', { i, note: '车厢温度正常'.repeat(4) })));
  await store.close();
});
afterAll(() => dir.cleanup());
afterEach(() => vi.restoreAllMocks());

const bySeq = (a: Envelope, b: Envelope) => a.busId.localeCompare(b.busId) || a.seq - b.seq;

describe('lianxin office export', () => {
  it('JSON Lines: every event of the kind once, in (bus, seq) order across pages, as committed plus receivedAt', async () => {
    const { code, out, err } = await run(['--kind', 'count', '--format', 'jsonl']);
    expect(code).toBe(0);
    const lines = out().split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(4500);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(counts.toSorted(bySeq).map((e) => ({ ...e, receivedAt })));
    expect(err()).toContain('4500 event(s) of kind count');
  });

  it('CSV: BOM, CRLF, envelope and payload columns, quoting, formula neutralisation, nested and non-object payloads', async () => {
    const { code, out } = await run(['--kind', 'feedback', '--format', 'csv']);
    expect(code).toBe(0);
    const text = out();
    expect(Buffer.from(text).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [a3, a7, a9, b2, b5, b8] = feedback.map((e) => `${e.busId},${e.seq},${e.id},feedback,${e.at},${receivedAt}`);
    expect(text.slice(1).split('\r\n')).toEqual([
      'busId,seq,id,kind,at,receivedAt,payload.text,payload.stop,payload.rating,payload.detail,payload.value,payload',
      `${a3},"红芙路口,路灯坏了 ""很暗""\n请修",芙蓉站,,,,"{""text"":""红芙路口,路灯坏了 \\""很暗\\""\\n请修"",""stop"":""芙蓉站""}"`,
      `${a7},"'=HYPERLINK(""http://x.example"",""点我"")",,5,,,"{""text"":""=HYPERLINK(\\""http://x.example\\"",\\""点我\\"")"",""rating"":5}"`,
      `${a9},'+86 138,,,"{""seat"":[1,2],""轮椅"":true}",,"{""text"":""+86 138"",""detail"":{""seat"":[1,2],""轮椅"":true}}"`,
      `${b2},'@所有人 -1 分,,,,,"{""text"":""@所有人 -1 分""}"`,
      `${b5},,,,,只是一句话,"""只是一句话"""`,
      `${b8},,,,,"[1,""二""]","[1,""二""]"`,
      '',
    ]);
  });

  it('--bus exports only that bus', async () => {
    const { code, out } = await run(['--kind', 'count', '--format', 'jsonl', '--bus', 'bus-b']);
    expect(code).toBe(0);
    const events = out().trim().split('\n').map((l) => JSON.parse(l) as Envelope);
    expect(events.map((e) => e.id)).toEqual(counts.filter((e) => e.busId === 'bus-b').map((e) => e.id));
    const csv = await run(['--kind', 'feedback', '--format', 'csv', '--bus', 'bus-a']);
    expect(csv.out().split('\r\n').slice(1, -1).map((row) => row.split(',')[1])).toEqual(['3', '7', '9']);
    expect(csv.out()).not.toContain('payload.value');
  });

  it('an absent kind exits 0 with the header only (CSV) or nothing (JSONL), naming the kinds held', async () => {
    const csv = await run(['--kind', 'complaint', '--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.out()).toBe('\ufeffbusId,seq,id,kind,at,receivedAt,payload\r\n');
    const jsonl = await run(['--kind', 'complaint', '--format', 'jsonl']);
    expect(jsonl.code).toBe(0);
    expect(jsonl.out()).toBe('');
    expect(jsonl.err()).toContain('kinds held: count (4500), feedback (6), position (1500), tick (20000)');
  });

  it('--out writes the whole file under its name, and nothing at all when the export fails', async () => {
    const file = join(dir.path, 'count.csv');
    expect((await run(['--kind', 'count', '--format', 'csv', '--out', file])).code).toBe(0);
    expect(readFileSync(file, 'utf8').split('\r\n')).toHaveLength(1 + 4500 + 1);
    expect(existsSync(`${file}.partial`)).toBe(false);

    const missing = join(dir.path, 'no-such-dir', 'count.jsonl');
    const noDir = await run(['--kind', 'count', '--format', 'jsonl', '--out', missing]);
    expect(noDir.code).toBe(1);
    expect(noDir.err()).toContain('ENOENT');

    for (const failOnPage of [1, 2]) {
      const original = SqliteLedger.prototype.kindPage;
      let pages = 0;
      vi.spyOn(SqliteLedger.prototype, 'kindPage').mockImplementation(function (this: SqliteLedger, ...args) {
        if (++pages === failOnPage) throw new Error('disk I/O error');
        return original.apply(this, args);
      });
      const broken = join(dir.path, `broken-${failOnPage}.jsonl`);
      const failed = await run(['--kind', 'count', '--format', 'jsonl', '--out', broken]);
      expect(failed.code).toBe(1);
      expect(failed.err()).toContain('disk I/O error');
      vi.restoreAllMocks();
    }
    // The failed runs leave no file behind, whole or partial.
    expect(readdirSync(dir.path).filter((f) => /^broken|\.partial$/.test(f))).toEqual([]);
  });

  it.each([
    [['--format', 'csv']],
    [['--kind', 'count', '--format', 'xlsx']],
    [['--kind', 'count', '--format', 'csv', '--since', 'today']],
  ])('refuses %j with the usage line and exit 2', async (args) => {
    const { code, err, out } = await run(args);
    expect(code).toBe(2);
    expect(err()).toContain('usage: lianxin office export --kind KIND --format jsonl|csv');
    expect(out()).toBe('');
  });

  it('waits for a slow consumer rather than buffering the whole export', async () => {
    let written = 0;
    let maxBuffered = 0;
    const slow: Writable = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _encoding, done) {
        written += chunk.length;
        maxBuffered = Math.max(maxBuffered, slow.writableLength);
        setImmediate(done);
      },
    });
    const session = io(slow);
    expect(await officeCommand.run(['export', '--kind', 'tick', '--format', 'jsonl', '--config', config], session)).toBe(0);
    expect(session.err()).toContain('20000 event(s) of kind tick');
    expect(written).toBeGreaterThan(3_000_000);
    expect(maxBuffered).toBeLessThan(64 * 1024);
  });

  it('runs as a real process', async () => {
    const env = { ...process.env };
    delete env.LIANXIN_OFFICE_DATABASE_URL;
    const { stdout, stderr } = await promisify(execFile)(
      join(root, 'node_modules/.bin/tsx'),
      ['src/cli/main.ts', 'office', 'export', '--kind', 'feedback', '--format', 'jsonl', '--bus', 'bus-b', '--config', config],
      { cwd: root, env },
    );
    expect(stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual(feedback.filter((e) => e.busId === 'bus-b').map((e) => ({ ...e, receivedAt })));
    expect(stderr).toContain('3 event(s) of kind feedback from bus-b (sqlite ledger)');
  }, 20_000);
});
