import type { Config } from '../../config/schema.ts';
import { systemClock } from '../../core/clock.ts';
import { busDatabasePath } from '../../host/paths.ts';
import { Store } from '../../store/store.ts';
import { readBacklog } from '../../sync/backlog.ts';
import { enqueueTestLoad, testLoadLimits } from '../../sync/test-load.ts';
import type { UplinkStatus } from '../../sync/uplink-status.ts';
import { parseArgs, type Command, type CommandIo } from '../command.ts';
import { configFromArgs } from '../config-arg.ts';

/** How long `status` waits for the running bus to say what its link is doing. */
const runningBusTimeoutMs = 1000;

const usage = `
usage: lianxin sync status [--config FILE]
       lianxin sync test-load --events N [--pad BYTES] [--config FILE]

status     prints the bus outbox as one JSON object: backlog (rows the office has not acknowledged
           end to end) in total and per kind, unsent vs sent-awaiting-ack, the oldest row held and
           its age, lastSeq, ackedSeq, outbox and database bytes, free disk. It only reads the
           database (safe while the bus runs; a missing database is an error, nothing is created).
           The link state lives in the running bus process: it is asked at http.host:http.port
           (systemStatus) and reported as "link" and "running"; null when it does not answer.
test-load  enqueues N synthetic "diagnostic" events (1..${testLoadLimits.maxEvents}) through the normal outbox path, at
           the lowest priority, ${testLoadLimits.chunkSize} per transaction with a pause between (the running bus's
           own writes get their turn), safe while the bus runs and drains. Each
           payload carries {runId, index, of, createdAt}; the office stores them as kind
           "diagnostic". --pad adds that many bytes to each payload (up to ${testLoadLimits.maxPadBytes}). A run that
           would take the outbox above sync.maxOutboxBytes is refused (positions would be thinned).
           Prints {"runId","events","firstSeq","lastSeq","ms"}.
`;

/** The uplink status of the bus process serving this config's HTTP port, if it answers as this bus. */
async function askRunningBus(config: Config): Promise<{ url: string; status: UplinkStatus | null; why?: string }> {
  const host = ['0.0.0.0', '::'].includes(config.http.host) ? '127.0.0.1' : config.http.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${config.http.port}`;
  if (config.http.port === 0) return { url, status: null, why: 'http.port is 0 (a free port chosen at start), so it cannot be found' };
  try {
    const response = await fetch(`${url}/api/driver/systemStatus`, { method: 'POST', signal: AbortSignal.timeout(runningBusTimeoutMs) });
    const body = (await response.json().catch(() => null)) as { busId?: unknown; link?: { link?: unknown } } | null;
    if (!response.ok || body?.busId !== config.busId || typeof body.link?.link !== 'string') {
      return { url, status: null, why: `what answers there is not bus ${config.busId}'s onboard API` };
    }
    return { url, status: body.link as UplinkStatus };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { url, status: null, why: `no answer (${cause ?? (error as Error).message})` };
  }
}

async function status(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals, unknown } = parseArgs(args, { values: ['config'] });
  if (unknown.length > 0 || positionals.length > 0) {
    io.stderr.write(`lianxin sync status: unexpected ${[...unknown, ...positionals].join(' ')}\n${usage}`);
    return 2;
  }
  const config = configFromArgs(values.config, io);
  if (!config) return 1;
  const opened = Store.openExisting(busDatabasePath(config), systemClock, 'read');
  if (!opened.ok) {
    io.stderr.write(`lianxin sync status: ${opened.error.message}\n`);
    return 1;
  }
  let report;
  try {
    report = readBacklog(opened.value, systemClock);
  } finally {
    opened.value.close();
  }
  const running = await askRunningBus(config);
  const live = running.status;
  const out = {
    busId: config.busId,
    ...report,
    diskFull: report.diskFull || live?.diskFull === true,
    link: live?.link ?? null,
    linkSource: live
      ? `the running bus at ${running.url}`
      : `unknown: the link state lives only in the running bus process, asked at ${running.url}: ${running.why}`,
    running: live,
  };
  io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  return 0;
}

async function testLoad(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals, unknown } = parseArgs(args, { values: ['config', 'events', 'pad'] });
  const whole = (text: string | undefined) => (text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : NaN);
  const events = whole(values.events);
  const padBytes = values.pad === undefined ? 0 : whole(values.pad);
  const problem =
    unknown.length > 0 || positionals.length > 0
      ? `unexpected ${[...unknown, ...positionals].join(' ')}`
      : values.events === undefined
        ? '--events N is required'
        : !(events >= 1 && events <= testLoadLimits.maxEvents)
          ? `--events must be a whole number from 1 to ${testLoadLimits.maxEvents}, not "${values.events}"`
          : !(padBytes >= 0 && padBytes <= testLoadLimits.maxPadBytes)
            ? `--pad must be a whole number of bytes from 0 to ${testLoadLimits.maxPadBytes}, not "${values.pad}"`
            : null;
  if (problem) {
    io.stderr.write(`lianxin sync test-load: ${problem}\n${usage}`);
    return 2;
  }
  const config = configFromArgs(values.config, io);
  if (!config) return 1;
  const opened = Store.openExisting(busDatabasePath(config), systemClock, 'write');
  if (!opened.ok) {
    io.stderr.write(`lianxin sync test-load: ${opened.error.message}\n`);
    return 1;
  }
  try {
    const loaded = await enqueueTestLoad(opened.value, systemClock, { events, padBytes, maxOutboxBytes: config.sync.maxOutboxBytes });
    if (!loaded.ok) {
      io.stderr.write(`lianxin sync test-load: ${loaded.error.message}\n`);
      return 1;
    }
    io.stdout.write(`${JSON.stringify(loaded.value)}\n`);
    return 0;
  } finally {
    opened.value.close();
  }
}

export const syncCommand: Command = {
  name: 'sync',
  usage,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'status') return status(rest, io);
    if (sub === 'test-load') return testLoad(rest, io);
    io.stderr.write(`lianxin sync: ${sub === undefined ? 'a subcommand is needed' : `unknown subcommand "${sub}"`}\n${usage}`);
    return 2;
  },
};
