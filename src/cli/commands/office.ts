import { systemClock } from '../../core/clock.ts';
import { Emitter } from '../../core/emitter.ts';
import { startHttpHost } from '../../host/http-server.ts';
import { rendererDir } from '../../host/paths.ts';
import { startOffice } from '../../office/app.ts';
import { parseArgs, type Command } from '../command.ts';
import { configFromArgs } from '../config-arg.ts';

export const officeCommand: Command = {
  name: 'office',
  summary: 'run the community office receiver and dashboard (needs mqtt.url)',
  usage: `
usage: lianxin office [--config FILE]

Receives every bus's uplink from the broker at mqtt.url into the office database under
office.dataDir, acknowledges it end to end, and serves the office pages and API at office.http.`,
  async run(args, io) {
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
    const live = new Emitter<unknown>();
    const off = office.value.receiver.events.on((event) => live.emit(event));
    const host = await startHttpHost({
      api: office.value.api,
      live,
      host: config.office.http.host,
      port: config.office.http.port,
      staticDir: rendererDir,
      home: '/office/',
    });
    io.stdout.write(`office: receiving from ${config.mqtt.url}\noffice: dashboard ${host.url}/office/\n`);
    await io.stopSignal;
    off();
    await host.close();
    await office.value.stop();
    return 0;
  },
};
