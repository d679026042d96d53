import { once } from 'node:events';
import { createWriteStream, openSync, renameSync, rmSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { systemClock } from '../../core/clock.ts';
import { officeDatabasePath } from '../../host/paths.ts';
import { exportKind, ledgerExportFormats, type LedgerExportFormat } from '../../office/ledger/export.ts';
import { OfficeStore } from '../../office/store.ts';
import { parseArgs, type CommandIo } from '../command.ts';
import { configFromArgs } from '../config-arg.ts';

export const officeExportUsage =
  'usage: lianxin office export --kind KIND --format jsonl|csv [--bus BUS_ID] [--out FILE] [--config FILE]';

/**
 * Writes with backpressure, so a large export to a slow pipe does not pile up in memory. A stream
 * error (a full disk, a reader that went away: `… | head`) is held and fails the next write, so
 * the export stops with a message instead of an unhandled 'error' event.
 */
function writerFor(stream: NodeJS.WritableStream): (chunk: string | Buffer) => Promise<void> {
  let failure: Error | null = null;
  stream.on('error', (error: Error) => (failure ??= error));
  return async (chunk) => {
    if (failure) throw failure;
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
}

/**
 * Runs an export into `path`, which appears only once complete: written as `path.partial`, renamed
 * at the end, removed on any failure. The file is opened before the export starts, so a bad path
 * fails at once and no late open can re-create the partial file after a failure removed it.
 */
async function exportToFile<T>(path: string, run: (write: (chunk: string | Buffer) => Promise<void>) => Promise<T>): Promise<T> {
  const partial = `${path}.partial`;
  const file = createWriteStream(partial, { fd: openSync(partial, 'w') });
  try {
    const result = await run(writerFor(file));
    file.end();
    await finished(file);
    renameSync(partial, path);
    return result;
  } catch (error) {
    if (!file.closed) await new Promise<void>((resolve) => file.destroy().once('close', () => resolve()));
    rmSync(partial, { force: true });
    throw error;
  }
}

/**
 * `lianxin office export`: every event of one kind the office holds, from whichever ledger the
 * config names. With --out the file appears only once complete (written under a .partial name first).
 */
export async function officeExport(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals, unknown } = parseArgs(args, { values: ['config', 'kind', 'format', 'bus', 'out'] });
  const format = values.format as LedgerExportFormat | undefined;
  if (unknown.length > 0 || positionals.length > 0 || !values.kind || !format || !ledgerExportFormats.includes(format)) {
    io.stderr.write(`${officeExportUsage}\n`);
    return 2;
  }
  const config = configFromArgs(values.config, io);
  if (!config) return 1;
  const opened = await OfficeStore.open(officeDatabasePath(config), systemClock, config.office.database.url);
  if (!opened.ok) {
    io.stderr.write(`lianxin office export: ${opened.error.message}\n`);
    return 1;
  }
  const store = opened.value;
  const options = { kind: values.kind, format, busId: values.bus };
  try {
    const { events } =
      values.out === undefined
        ? await exportKind(store.ledger, options, writerFor(io.stdout))
        : await exportToFile(values.out, (write) => exportKind(store.ledger, options, write));
    io.stderr.write(`lianxin office export: ${events} event(s) of kind ${values.kind}${values.bus ? ` from ${values.bus}` : ''} (${store.ledger.backend} ledger)\n`);
    if (events === 0) {
      const kinds = await store.ledger.kindCounts();
      io.stderr.write(`lianxin office export: kinds held: ${kinds.map((k) => `${k.kind} (${k.events})`).join(', ') || 'none'}\n`);
    }
    return 0;
  } catch (error) {
    io.stderr.write(`lianxin office export: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await store.close();
  }
}
