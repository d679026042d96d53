import { neutraliseFormula } from '../export.ts';
import type { EventLedger, PageKey, ReceivedEvent } from './types.ts';

export const ledgerExportFormats = ['jsonl', 'csv'] as const;
export type LedgerExportFormat = (typeof ledgerExportFormats)[number];

/** Rows read per query: memory stays flat however large the ledger is. */
const pageSize = 2000;
const fixedColumns = ['busId', 'seq', 'id', 'kind', 'at', 'receivedAt'] as const;

async function* eventsOfKind(ledger: EventLedger, kind: string, busId: string | undefined): AsyncGenerator<ReceivedEvent> {
  let after: PageKey | null = busId === undefined ? null : { busId, epoch: '', seq: 0 };
  for (;;) {
    const page = await ledger.kindPage(kind, after, pageSize);
    for (const event of page) {
      if (busId !== undefined && event.busId !== busId) return;
      yield event;
    }
    if (page.length < pageSize) return;
    const last = page.at(-1)!;
    after = { busId: last.busId, epoch: last.epoch ?? '', seq: last.seq };
  }
}

function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'number' || typeof value === 'boolean' ? String(value) : neutraliseFormula(typeof value === 'string' ? value : JSON.stringify(value));
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const payloadFields = (event: ReceivedEvent): Record<string, unknown> =>
  typeof event.payload === 'object' && event.payload !== null && !Array.isArray(event.payload) ? (event.payload as Record<string, unknown>) : { value: event.payload };

/**
 * Streams every event of one kind in (bus, seq) order. JSON Lines: one envelope per line, with
 * the office's receivedAt. CSV (UTF-8 with BOM, for Excel): the envelope fields, then one
 * `payload.<field>` column per top-level payload field seen in the kind (nested values as JSON
 * text), found in a first pass so the header is complete before the first row, and the whole
 * payload as JSON last (so a field first seen between the passes is not lost).
 */
export async function exportKind(
  ledger: EventLedger,
  options: { kind: string; format: LedgerExportFormat; busId?: string },
  write: (chunk: string | Buffer) => Promise<void>,
): Promise<{ events: number }> {
  const { kind, format, busId } = options;
  let events = 0;
  if (format === 'jsonl') {
    for await (const event of eventsOfKind(ledger, kind, busId)) {
      await write(`${JSON.stringify(event)}\n`);
      events++;
    }
    return { events };
  }
  const fields = new Set<string>();
  for await (const event of eventsOfKind(ledger, kind, busId)) for (const field of Object.keys(payloadFields(event))) fields.add(field);
  const payloadColumns = [...fields];
  await write(Buffer.from([0xef, 0xbb, 0xbf]));
  await write(`${[...fixedColumns, ...payloadColumns.map((f) => `payload.${f}`), 'payload'].map(csvField).join(',')}\r\n`);
  for await (const event of eventsOfKind(ledger, kind, busId)) {
    const payload = payloadFields(event);
    const cells = [...fixedColumns.map((c) => event[c]), ...payloadColumns.map((f) => payload[f]), JSON.stringify(event.payload)];
    await write(`${cells.map(csvField).join(',')}\r\n`);
    events++;
  }
  return { events };
}
