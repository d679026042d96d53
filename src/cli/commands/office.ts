import { systemClock } from '../../core/clock.ts';
import { officeDatabasePath, rendererDir } from '../../host/paths.ts';
import { startOffice } from '../../office/app.ts';
import { OfficeAuth } from '../../office/auth.ts';
import { startOfficeHttp } from '../../office/http.ts';
import { OfficeStore } from '../../office/store.ts';
import { parseArgs, type Command, type CommandIo } from '../command.ts';
import { configFromArgs } from '../config-arg.ts';
import { officeExport } from './office-export.ts';

/** Reads the first line of stdin: passwords never go on the command line (shell history, ps). */
async function readPassword(io: CommandIo): Promise<string> {
  if (io.env.LIANXIN_OFFICE_PASSWORD) return io.env.LIANXIN_OFFICE_PASSWORD;
  let text = '';
  for await (const chunk of io.stdin) {
    text += chunk.toString();
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

async function userAdd(args: string[], io: CommandIo): Promise<number> {
  const { values, flags, positionals, unknown } = parseArgs(args, { values: ['config', 'name'], flags: ['can-unmask'] });
  if (unknown.length > 0 || positionals.length !== 1) {
    io.stderr.write('usage: lianxin office user add USERNAME [--name DISPLAY_NAME] [--can-unmask] [--config FILE]  (password on stdin)\n');
    return 2;
  }
  const config = configFromArgs(values.config, io);
  if (!config) return 1;
  // Staff live in the dashboard's own file: no ledger (nor PostgreSQL) is needed to add one.
  const opened = await OfficeStore.open(officeDatabasePath(config), systemClock);
  if (!opened.ok) {
    io.stderr.write(`lianxin office: ${opened.error.message}\n`);
    return 1;
  }
  try {
    const added = new OfficeAuth(opened.value.db, systemClock).addUser({
      username: positionals[0]!,
      displayName: values.name,
      password: await readPassword(io),
      canUnmask: flags.has('can-unmask'),
    });
    if (!added.ok) {
      io.stderr.write(`lianxin office user add: ${added.error.message}\n`);
      return 1;
    }
    io.stdout.write(`office user ${added.value.username} added${added.value.canUnmask ? ' (may unmask personal data)' : ''}\n`);
    return 0;
  } finally {
    await opened.value.close();
  }
}

export const officeCommand: Command = {
  name: 'office',
  summary: 'run the community office receiver and dashboard (needs mqtt.url); `office user add` adds staff; `office export` dumps events',
  usage: `
usage: lianxin office [--config FILE]
       lianxin office user add USERNAME [--name DISPLAY_NAME] [--can-unmask] [--config FILE]
       lianxin office export --kind KIND --format jsonl|csv [--bus BUS_ID] [--out FILE] [--config FILE]

Receives every bus's uplink from the broker at mqtt.url into the office database under
office.dataDir, acknowledges it end to end, and serves the office pages and API at office.http
to signed-in staff. "user add" reads the password from the first line of stdin (or
LIANXIN_OFFICE_PASSWORD) and stores only its scrypt hash. "export" writes every event of one
kind the office holds, in (bus, seq) order, as JSON Lines or as CSV with a UTF-8 BOM (Excel), to
stdout or --out FILE; the count goes to stderr.`,
  async run(args, io) {
    if (args[0] === 'export') return officeExport(args.slice(1), io);
    if (args[0] === 'user') {
      if (args[1] === 'add') return userAdd(args.slice(2), io);
      io.stderr.write('lianxin office user: the only subcommand is "add"\n');
      return 2;
    }
    const { values, unknown } = parseArgs(args, { values: ['config'] });
    if (unknown.length > 0) {
      io.stderr.write(`lianxin office: unknown option ${unknown.join(', ')}\n`);
      return 2;
    }
    const config = configFromArgs(values.config, io);
    if (!config) return 1;
    const office = await startOffice(config, systemClock);
    if (!office.ok) {
      io.stderr.write(`lianxin office: ${office.error.message}\n`);
      return 1;
    }
    const host = await startOfficeHttp({
      deps: office.value.deps,
      auth: office.value.auth,
      live: office.value.live,
      ...config.office.http,
      staticDir: rendererDir,
      secureCookie: config.office.secureCookie,
    });
    io.stdout.write(`office: receiving from ${config.mqtt.url}\noffice: dashboard ${host.url}/office/\n`);
    await io.stopSignal;
    await host.close();
    await office.value.stop();
    return 0;
  },
};
