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

/** Opens the office's own database (staff live there: no ledger nor PostgreSQL is needed) for one account change. */
async function withAuth(configPath: string | undefined, io: CommandIo, change: (auth: OfficeAuth) => Promise<number> | number): Promise<number> {
  const config = configFromArgs(configPath, io);
  if (!config) return 1;
  const opened = await OfficeStore.open(officeDatabasePath(config), systemClock);
  if (!opened.ok) {
    io.stderr.write(`lianxin office: ${opened.error.message}\n`);
    return 1;
  }
  try {
    return await change(new OfficeAuth(opened.value.db, systemClock));
  } finally {
    await opened.value.close();
  }
}

/** Who ran an account command, for the audit log. */
const operator = (io: CommandIo) => `cli:${io.env.SUDO_USER ?? io.env.USER ?? 'unknown'}`;

async function userAdd(args: string[], io: CommandIo): Promise<number> {
  const { values, flags, positionals, unknown } = parseArgs(args, { values: ['config', 'name'], flags: ['can-unmask'] });
  if (unknown.length > 0 || positionals.length !== 1) {
    io.stderr.write('usage: lianxin office user add USERNAME [--name DISPLAY_NAME] [--can-unmask] [--config FILE]  (password on stdin)\n');
    return 2;
  }
  return withAuth(values.config, io, async (auth) => {
    const added = auth.addUser({
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
  });
}

const accountActions = {
  'user disable': (auth: OfficeAuth, name: string, by: string) => auth.disableUser(name, by),
  'user enable': (auth: OfficeAuth, name: string, by: string) => auth.enableUser(name, by),
  'sessions revoke': (auth: OfficeAuth, name: string, by: string) => auth.revokeSessions(name, by),
} as const;

/** `user disable|enable NAME`, `sessions revoke NAME`: one account change, audited with who ran it. */
async function accountChange(action: keyof typeof accountActions, args: string[], io: CommandIo): Promise<number> {
  const { values, positionals, unknown } = parseArgs(args, { values: ['config'] });
  if (unknown.length > 0 || positionals.length !== 1) {
    io.stderr.write(`usage: lianxin office ${action} USERNAME [--config FILE]\n`);
    return 2;
  }
  const name = positionals[0]!;
  return withAuth(values.config, io, (auth) => {
    const done = accountActions[action](auth, name, operator(io));
    if (!done.ok) {
      io.stderr.write(`lianxin office ${action}: ${done.error.message}\n`);
      return 1;
    }
    const ended = done.value && 'sessionsEnded' in done.value ? `; ${done.value.sessionsEnded} session(s) ended` : '';
    const what = { 'user disable': 'disabled', 'user enable': 'enabled', 'sessions revoke': 'signed out everywhere' }[action];
    io.stdout.write(`office user ${name} ${what}${ended}\n`);
    return 0;
  });
}

export const officeCommand: Command = {
  name: 'office',
  usage: `
usage: lianxin office [--config FILE]
       lianxin office user add USERNAME [--name DISPLAY_NAME] [--can-unmask] [--config FILE]
       lianxin office user disable|enable USERNAME [--config FILE]
       lianxin office sessions revoke USERNAME [--config FILE]
       lianxin office export --kind KIND --format jsonl|csv [--bus BUS_ID] [--out FILE] [--config FILE]

Receives every bus's uplink from the broker at mqtt.url into the office database under
office.dataDir, acknowledges it end to end, and serves the office pages and API at office.http
to signed-in staff. "user add" reads the password from the first line of stdin (or
LIANXIN_OFFICE_PASSWORD) and stores only its scrypt hash. "user disable" stops a user signing
in and ends their sessions; "sessions revoke" ends them only; both are in the audit log. "export" writes every event of one
kind the office holds, in (bus, seq) order, as JSON Lines or as CSV with a UTF-8 BOM (Excel), to
stdout or --out FILE; the count goes to stderr.`,
  async run(args, io) {
    if (args[0] === 'export') return officeExport(args.slice(1), io);
    if (args[0] === 'user') {
      if (args[1] === 'add') return userAdd(args.slice(2), io);
      if (args[1] === 'disable' || args[1] === 'enable') return accountChange(`user ${args[1]}`, args.slice(2), io);
      io.stderr.write('lianxin office user: the subcommands are "add", "disable" and "enable"\n');
      return 2;
    }
    if (args[0] === 'sessions') {
      if (args[1] === 'revoke') return accountChange('sessions revoke', args.slice(2), io);
      io.stderr.write('lianxin office sessions: the only subcommand is "revoke"\n');
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
      trustedProxies: config.office.trustedProxies,
    });
    io.stdout.write(`office: receiving from ${config.mqtt.url}\noffice: dashboard ${host.url}/office/\n`);
    await io.stopSignal;
    await host.close();
    await office.value.stop();
    return 0;
  },
};
